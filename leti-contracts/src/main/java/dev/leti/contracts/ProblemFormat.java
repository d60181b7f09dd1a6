package dev.leti.contracts;

/** How a problem's program and tests are assembled into the script the sandbox runs. */
public enum ProblemFormat {
    /** {@code test_setup_code + program + test asserts}. */
    MBPP,
    /** {@code prompt + completion + test + check(entry_point)}. */
    HUMANEVAL,
    /** {@code program + test code}. */
    GENERIC
}
