package dev.leti.orchestrator.sample;

import java.time.Instant;
import java.util.UUID;

/** A generation request's state: how many of its samples have an execution result. */
public record RequestProgress(UUID requestId, int expected, int executed, int attempts, Instant lastAttemptAt,
                              String failure) {

    public boolean complete() {
        return executed >= expected;
    }
}
