package dev.leti.generator.sampling;

import dev.leti.spring.messaging.RunCancellationListener;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drops a cancelled run's queued samples and commits its requests' records (they will never be
 * served); a batch already on the device finishes, but {@link SamplingWorker} publishes none of it.
 */
@Component
class RunCancellations implements RunCancellationListener {

    private static final Logger log = LoggerFactory.getLogger(RunCancellations.class);

    private final GenerationQueue queue;
    private final RequestOffsets offsets;
    private final IntakeControl intake;

    RunCancellations(GenerationQueue queue, RequestOffsets offsets, IntakeControl intake) {
        this.queue = queue;
        this.offsets = offsets;
        this.intake = intake;
    }

    @Override
    public void runCancelled(UUID runId) {
        Set<UUID> dropped = queue.cancelRun(runId);
        dropped.forEach(offsets::served);
        intake.adjust();
        if (!dropped.isEmpty()) {
            log.info("Dropped {} generation request(s) of cancelled run {}", dropped.size(), runId);
        }
    }
}
