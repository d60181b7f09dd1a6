package dev.leti.contracts.run;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Orchestrator to every worker: a run was cancelled. Generators drop its queued and running
 * requests, executors skip its samples, the trainer stops its job; none of them publishes
 * anything of the run afterwards. Every worker instance reads every cancellation (each in its own
 * consumer group), from the topic's beginning, so a worker that starts later knows them too.
 *
 * @param runId the cancelled run
 * @param at    when it was cancelled
 */
public record RunCancelled(UUID runId, Instant at) {

    public RunCancelled {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
    }
}
