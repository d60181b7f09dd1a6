package dev.leti.contracts.training;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.artifact.ArtifactRef;
import java.util.Objects;
import java.util.UUID;

/**
 * Fine-tune a checkpoint on one iteration's dataset.
 *
 * @param jobId              unique per job; a redelivered request with a known id is not
 *                           trained again
 * @param runId              the run asking
 * @param iteration          the LeTI iteration producing the new checkpoint
 * @param baseCheckpoint     the checkpoint to start from
 * @param dataset            JSON Lines of {@link TrainingExample}
 * @param feedbackMode       how examples become training text
 * @param settings           fine-tuning settings as the run spec holds them; missing ones get their defaults
 */
public record TrainingRequest(
        UUID jobId,
        UUID runId,
        int iteration,
        ArtifactRef baseCheckpoint,
        ArtifactRef dataset,
        FeedbackMode feedbackMode,
        TrainingSettings settings) {

    public TrainingRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(baseCheckpoint, "baseCheckpoint");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(feedbackMode, "feedbackMode");
        // A producer may leave settings out: the trainer always reads complete ones.
        settings = Objects.requireNonNull(settings, "settings").withDefaults();
    }
}
