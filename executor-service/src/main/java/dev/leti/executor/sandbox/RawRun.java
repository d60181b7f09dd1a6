package dev.leti.executor.sandbox;

import java.util.List;

/**
 * A sandbox's account of one run, before classification.
 *
 * @param timedOut        the wall-clock limit passed and the program was killed
 * @param exitCode        the program process's exit code, or null when a signal ended it
 * @param signal          the signal that ended it, or null
 * @param verdict         what the harness reported, or null when it never got to report
 * @param suspicions      reward hacks and tampering the harness and the worker noticed
 * @param testsCompleted  the service checked the verdict's proof: the harness's code after the tests
 *                        ran and echoed this execution's nonce (never taken from the worker's word)
 * @param stdout          captured standard output, capped
 * @param stderr          captured standard error, capped
 * @param stdoutTruncated output went past the cap
 * @param stderrTruncated error output went past the cap
 * @param durationMillis  wall time of the program
 */
public record RawRun(
        boolean timedOut,
        Integer exitCode,
        Integer signal,
        Verdict verdict,
        List<Suspicion> suspicions,
        boolean testsCompleted,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        long durationMillis) {

    public RawRun {
        suspicions = suspicions == null ? List.of() : List.copyOf(suspicions);
    }

    /** This run with {@link #testsCompleted} decided by the proof check alone. */
    public RawRun withTestsCompleted(boolean completed) {
        return new RawRun(timedOut, exitCode, signal, verdict, suspicions, completed, stdout, stderr, stdoutTruncated,
                stderrTruncated, durationMillis);
    }

    /**
     * One reward hack or tampering the sandbox noticed.
     *
     * @param kind   {@code early-exit}, {@code eq-hack}, {@code builtins}, {@code harness}, {@code tests} or
     *               {@code forgery}
     * @param detail what was seen, in words
     */
    public record Suspicion(String kind, String detail) {
    }
}
