package dev.leti.spring.messaging;

import java.util.UUID;

/** A worker's reaction to a cancelled run (drop its queued work, stop its job); called once per run. */
@FunctionalInterface
public interface RunCancellationListener {

    void runCancelled(UUID runId);
}
