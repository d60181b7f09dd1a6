package dev.leti.orchestrator.messaging;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.messaging.MessageType;
import dev.leti.orchestrator.OrchestratorProperties;
import dev.leti.orchestrator.messaging.OutboxRepository.Pending;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes pending outbox rows in order and marks them sent. A crash between sending and
 * marking sends the row again: delivery is at least once and every consumer deduplicates.
 * Rows are locked with {@code skip locked}, so several orchestrator replicas can relay.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final KafkaTemplate<Object, Object> kafka;
    private final int batchSize;

    OutboxRelay(OutboxRepository outbox, KafkaTemplate<Object, Object> kafka, OrchestratorProperties properties) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.batchSize = properties.relayBatchSize();
    }

    /** Publishes up to one batch; returns how many rows went out. */
    @Transactional
    public int publishPending() {
        List<Pending> rows = outbox.lockPending(batchSize);
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Pending row : rows) {
            Class<? extends Record> type = MessageType.byTypeId(row.typeId()).orElseThrow().recordClass();
            sends.add(kafka.send(row.topic(), row.key(), LetiJson.mapper().readValue(row.payload(), type)));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Rolled back: the rows stay pending and go out on a later pass.
            throw new IllegalStateException("outbox publish failed; will retry: " + e.getMessage(), e);
        }
        outbox.markSent(rows.stream().map(Pending::id).toList());
        log.debug("published {} outbox messages", rows.size());
        return rows.size();
    }
}
