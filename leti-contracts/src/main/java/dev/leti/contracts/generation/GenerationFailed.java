package dev.leti.contracts.generation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A generation request the generator could not serve (missing or corrupt checkpoint, ...).
 *
 * @param requestId the request
 * @param runId     its run
 * @param iteration its iteration
 * @param reason    what went wrong, for a person to read
 * @param failedAt  when
 */
public record GenerationFailed(UUID requestId, UUID runId, int iteration, String reason, Instant failedAt) {

    public GenerationFailed {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(reason, "reason");
    }
}
