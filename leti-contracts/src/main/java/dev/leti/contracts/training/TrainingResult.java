package dev.leti.contracts.training;

import dev.leti.contracts.artifact.ArtifactRef;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How a training job ended: a new checkpoint, or the reason there is none.
 *
 * @param jobId          the job
 * @param runId          its run
 * @param iteration      its iteration
 * @param status         succeeded or failed
 * @param checkpoint     the new checkpoint; null when failed
 * @param steps          optimizer steps taken
 * @param initialLoss    training loss of the base checkpoint on the dataset (first window)
 * @param finalLoss      training loss at the end (last window)
 * @param trainedTokens  tokens trained on, regularisation steps included
 * @param durationMillis wall time of the job
 * @param error          what went wrong; null when succeeded
 * @param finishedAt     when
 */
public record TrainingResult(
        UUID jobId,
        UUID runId,
        int iteration,
        Status status,
        ArtifactRef checkpoint,
        int steps,
        double initialLoss,
        double finalLoss,
        long trainedTokens,
        long durationMillis,
        String error,
        Instant finishedAt) {

    public enum Status { SUCCEEDED, FAILED }

    public TrainingResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        if (status == Status.SUCCEEDED && checkpoint == null) {
            throw new IllegalArgumentException("a succeeded training job has a checkpoint");
        }
        if (status == Status.FAILED && error == null) {
            throw new IllegalArgumentException("a failed training job says why");
        }
    }
}
