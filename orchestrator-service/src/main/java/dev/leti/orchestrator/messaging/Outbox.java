package dev.leti.orchestrator.messaging;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.messaging.MessageType;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: a message is written as a row in the transaction of the state
 * change that causes it, so the two commit or roll back together; {@link OutboxRelay}
 * publishes it afterwards.
 */
@Component
public class Outbox {

    private final OutboxRepository rows;

    Outbox(OutboxRepository rows) {
        this.rows = rows;
    }

    /** Queues a message; must run inside the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(UUID runId, String key, Record message) {
        MessageType type = MessageType.byRecordClass(message.getClass()).orElseThrow(() ->
                new IllegalArgumentException("not a message of the suite: " + message.getClass()));
        rows.insert(runId, type.topic(), key, type.typeId(), LetiJson.mapper().writeValueAsString(message));
    }

    /** Drops a run's messages that are not out yet (the run was cancelled or failed). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int discardPending(UUID runId) {
        return rows.discardPending(runId);
    }
}
