package dev.leti.orchestrator.run;

import java.time.Instant;
import java.util.UUID;

/** A run's row. */
public record RunRecord(UUID id, String name, UUID comparisonId, RunSpec spec, RunState state, int currentIteration,
                        Stage currentStage,
                        String failureReason, Instant createdAt, Instant updatedAt, Instant finishedAt) {
}
