package dev.leti.contracts.execution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resource limits for running one program.
 *
 * @param timeoutMillis wall-clock limit; the whole process tree is killed when it passes
 * @param memoryBytes   address-space / container memory limit
 * @param maxProcesses  processes and threads the program may have at once
 */
public record ExecutionLimits(long timeoutMillis, long memoryBytes, int maxProcesses) {

    /** LeTI's reference timeout (5 s), 1 GiB, 64 processes. */
    public static final ExecutionLimits DEFAULT = new ExecutionLimits(5_000, 1L << 30, 64);

    public ExecutionLimits {
        if (timeoutMillis <= 0 || memoryBytes <= 0 || maxProcesses <= 0) {
            throw new IllegalArgumentException("execution limits must be positive: " + timeoutMillis
                    + " ms, " + memoryBytes + " bytes, " + maxProcesses + " processes");
        }
    }

    /** Each limit above its counterpart in {@code maxima}, by field name, with the reason a request is refused. */
    public Map<String, String> exceeding(ExecutionLimits maxima) {
        Map<String, String> exceeded = new LinkedHashMap<>();
        if (timeoutMillis > maxima.timeoutMillis) {
            exceeded.put("timeoutMillis", "must be at most " + maxima.timeoutMillis + " (the server's maximum)");
        }
        if (memoryBytes > maxima.memoryBytes) {
            exceeded.put("memoryBytes", "must be at most " + maxima.memoryBytes + " (the server's maximum)");
        }
        if (maxProcesses > maxima.maxProcesses) {
            exceeded.put("maxProcesses", "must be at most " + maxima.maxProcesses + " (the server's maximum)");
        }
        return exceeded;
    }

    /** These limits lowered to {@code maxima} where they exceed them. */
    public ExecutionLimits cappedAt(ExecutionLimits maxima) {
        return new ExecutionLimits(Math.min(timeoutMillis, maxima.timeoutMillis),
                Math.min(memoryBytes, maxima.memoryBytes), Math.min(maxProcesses, maxima.maxProcesses));
    }
}
