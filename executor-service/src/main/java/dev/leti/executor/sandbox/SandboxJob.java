package dev.leti.executor.sandbox;

import dev.leti.contracts.execution.ExecutionLimits;

/**
 * One script to run and the limits to run it under.
 *
 * @param script        the whole script (program, tests, harness lines)
 * @param limits        wall clock, memory and processes
 * @param firstTestLine 1-based script line where the tests start, or 0 when the script has none
 */
public record SandboxJob(String script, ExecutionLimits limits, int firstTestLine) {

    /** A script without a tests part. */
    public SandboxJob(String script, ExecutionLimits limits) {
        this(script, limits, 0);
    }
}
