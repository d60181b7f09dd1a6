package dev.leti.contracts.execution;

import java.util.Objects;

/**
 * What running one program against its tests gave: the verdict and what the program left behind.
 * The executor's ad-hoc API answers it alone; {@link ExecutionResult} carries it with the sample's
 * identity.
 *
 * @param outcome         how the run ended
 * @param exceptionType   the exception's class name ({@code AssertionError}, {@code NameError},
 *                        ...), or null when none was raised
 * @param feedback        LeTI's textual feedback: the traceback reduced to the program's own
 *                        frames, {@code timeout}, or empty when the program passed
 * @param stdout          captured standard output, capped
 * @param stderr          captured standard error, capped
 * @param stdoutTruncated whether {@code stdout} was cut at the cap
 * @param stderrTruncated whether {@code stderr} was cut at the cap
 * @param durationMillis  wall time of the run
 * @param backend         the sandbox backend that ran it ({@code process}, {@code docker})
 */
public record ExecutionReport(
        Outcome outcome,
        String exceptionType,
        String feedback,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        long durationMillis,
        String backend) {

    public ExecutionReport {
        Objects.requireNonNull(outcome, "outcome");
        feedback = feedback == null ? "" : feedback;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
