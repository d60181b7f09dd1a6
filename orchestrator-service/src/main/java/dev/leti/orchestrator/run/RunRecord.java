package dev.leti.orchestrator.run;

import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import java.time.Instant;
import java.util.UUID;

/** A run's row. */
public record RunRecord(UUID id, String name, UUID comparisonId, RunSpec spec, RunState state, int currentIteration,
                        Stage currentStage,
                        String failureReason, Instant createdAt, Instant updatedAt, Instant finishedAt) {
}
