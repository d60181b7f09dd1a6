package dev.leti.orchestrator.training;

import java.util.UUID;

/** An iteration's fine-tuning job, as a run's view shows it. */
public record TrainingView(UUID jobId, String status, int examples, String dataset, int step, int totalSteps,
                           Double loss, Double initialLoss, Double finalLoss, Long trainedTokens,
                           Long durationMillis, String error, int attempts) {
}
