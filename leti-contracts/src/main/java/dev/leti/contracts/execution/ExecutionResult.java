package dev.leti.contracts.execution;

import dev.leti.contracts.SamplePurpose;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The executor's verdict on one sample.
 *
 * @param sampleId        the sample this result belongs to (the idempotency key)
 * @param runId           the run the sample belongs to
 * @param iteration       the LeTI iteration (0 = base evaluation)
 * @param purpose         training sample or evaluation sample
 * @param problemId       the problem's id in its dataset
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
 * @param finishedAt      when the run ended
 */
public record ExecutionResult(
        UUID sampleId,
        UUID runId,
        int iteration,
        SamplePurpose purpose,
        String problemId,
        Outcome outcome,
        String exceptionType,
        String feedback,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        long durationMillis,
        String backend,
        Instant finishedAt) {

    public ExecutionResult {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(outcome, "outcome");
        feedback = feedback == null ? "" : feedback;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
