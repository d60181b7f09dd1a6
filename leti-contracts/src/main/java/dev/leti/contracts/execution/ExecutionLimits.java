package dev.leti.contracts.execution;

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
}
