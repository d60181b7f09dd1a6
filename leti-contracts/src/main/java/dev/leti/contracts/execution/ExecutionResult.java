package dev.leti.contracts.execution;

import dev.leti.contracts.SamplePurpose;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The executor's verdict on one sample.
 *
 * @param sampleId   the sample this result belongs to (the idempotency key)
 * @param runId      the run the sample belongs to
 * @param iteration  the LeTI iteration (0 = base evaluation)
 * @param purpose    training sample or evaluation sample
 * @param problemId  the problem's id in its dataset
 * @param report     what running the program gave
 * @param finishedAt when the run ended
 */
public record ExecutionResult(
        UUID sampleId,
        UUID runId,
        int iteration,
        SamplePurpose purpose,
        String problemId,
        ExecutionReport report,
        Instant finishedAt) {

    public ExecutionResult {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(report, "report");
    }
}
