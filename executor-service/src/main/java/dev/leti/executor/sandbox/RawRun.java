package dev.leti.executor.sandbox;

/**
 * A sandbox's account of one run, before classification.
 *
 * @param timedOut        the wall-clock limit passed and the program was killed
 * @param exitCode        the program process's exit code, or null when a signal ended it
 * @param signal          the signal that ended it, or null
 * @param verdict         what the interpreter reported, or null when it never got to report
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
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        long durationMillis) {
}
