package dev.leti.spring.messaging;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.run.RunCancelled;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The runs this worker must not work on any more. Every instance reads every cancellation in a
 * consumer group of its own, from the topic's beginning, so a replica started after the cancel knows
 * it too; a unit of work asks {@link #isCancelled} before it starts and before it publishes, and
 * {@link RunCancellationListener}s drop what is queued at once.
 */
public class CancelledRuns {

    private static final Logger log = LoggerFactory.getLogger(CancelledRuns.class);

    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    private final ObjectProvider<RunCancellationListener> listeners;

    /** The listeners are looked up at each cancellation, so they may themselves depend on this. */
    public CancelledRuns(ObjectProvider<RunCancellationListener> listeners) {
        this.listeners = listeners;
    }

    public boolean isCancelled(UUID runId) {
        return cancelled.contains(runId);
    }

    @KafkaListener(id = "leti-run-cancellations", topics = LetiTopics.RUN_CANCELLATIONS,
            groupId = "#{'leti-cancellations-' + T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest")
    void onCancelled(RunCancelled message) {
        cancelled(message.runId());
    }

    /** Records a cancellation and tells the listeners, once per run. */
    public void cancelled(UUID runId) {
        if (cancelled.add(runId)) {
            log.info("Run {} was cancelled: dropping its work", runId);
            listeners.orderedStream().forEach(listener -> listener.runCancelled(runId));
        }
    }
}
