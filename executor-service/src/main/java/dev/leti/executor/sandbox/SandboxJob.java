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

    public SandboxJob {
        if (firstTestLine < 0) {
            throw new IllegalArgumentException("firstTestLine must be >= 0: " + firstTestLine);
        }
    }

    /** A script without a tests part. */
    public SandboxJob(String script, ExecutionLimits limits) {
        this(script, limits, 0);
    }

    /**
     * The script cut where the tests start: the program part (every line before
     * {@link #firstTestLine}) and the tests (the rest; empty when the script has none). The sandbox
     * runs them in two processes, so the program never holds the tests.
     */
    public Parts parts() {
        if (firstTestLine == 0) {
            return new Parts(script, "");
        }
        int cut = 0;
        for (int line = 1; line < firstTestLine && cut >= 0; line++) {
            cut = script.indexOf('\n', cut);
            cut = cut < 0 ? -1 : cut + 1;
        }
        return cut < 0 ? new Parts(script, "") : new Parts(script.substring(0, cut), script.substring(cut));
    }

    /** The program part of a script and its tests. */
    public record Parts(String program, String tests) {
    }
}
