package dev.leti.contracts.execution;

/** How a program's run ended. */
public enum Outcome {
    /** Every test passed. */
    PASSED,
    /** A test assert failed ({@code AssertionError}). */
    FAILED,
    /** Any other exception, including a {@code SyntaxError}. */
    ERROR,
    /** The wall-clock or CPU limit was reached; LeTI's feedback is the word {@code timeout}. */
    TIMEOUT,
    /** The memory limit was reached. */
    OUT_OF_MEMORY,
    /** The sandbox itself failed; the program's behaviour is unknown. Never trained on. */
    SANDBOX_ERROR,
    /**
     * A reward hack was detected (exiting before the tests, a value equal to anything, patching
     * builtins or the test harness, reading the tests, forging the harness's report); the
     * feedback names it. Never PASSED, never rewarded.
     */
    SUSPICIOUS;

    public boolean passed() {
        return this == PASSED;
    }
}
