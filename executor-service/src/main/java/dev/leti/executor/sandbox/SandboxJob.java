package dev.leti.executor.sandbox;

import dev.leti.contracts.execution.ExecutionLimits;

/**
 * One script to run and the limits to run it under.
 *
 * @param script the whole script (program, tests, harness lines)
 * @param limits wall clock, memory and processes
 */
public record SandboxJob(String script, ExecutionLimits limits) {
}
