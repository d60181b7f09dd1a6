package dev.leti.contracts.training;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A training job's progress, published every few steps.
 *
 * @param jobId           the job
 * @param runId           its run
 * @param iteration       its iteration
 * @param step            optimizer steps done
 * @param totalSteps      optimizer steps the job will take
 * @param loss            mean training loss over the last reporting window
 * @param tokensPerSecond training throughput over that window
 * @param reportedAt      when
 */
public record TrainingProgress(
        UUID jobId, UUID runId, int iteration, int step, int totalSteps, double loss,
        double tokensPerSecond, Instant reportedAt) {

    public TrainingProgress {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runId, "runId");
    }
}
