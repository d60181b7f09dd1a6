package dev.leti.orchestrator.training;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * A training job's row, as far as the state machine needs it.
 *
 * @param lastActivity the job's last attempt or the latest report of any training job, whichever is later
 * @param payload      the request as JSON, read only when it is sent again
 */
public record TrainingJob(UUID jobId, String status, int attempts, Instant lastActivity, String error,
                          String payload, int step, int totalSteps) {

    public TrainingRequest request() {
        return LetiJson.mapper().readValue(payload, TrainingRequest.class);
    }
}
