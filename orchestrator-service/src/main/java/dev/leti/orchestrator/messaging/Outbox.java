package dev.leti.orchestrator.messaging;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.messaging.MessageType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a message; must run inside the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(UUID runId, String key, Record message) {
        MessageType type = MessageType.byRecordClass(message.getClass()).orElseThrow(() ->
                new IllegalArgumentException("not a message of the suite: " + message.getClass()));
        jdbc.sql("""
                insert into outbox (run_id, topic, message_key, type_id, payload, created_at)
                values (:run, :topic, :key, :type, cast(:payload as jsonb), :now)""")
                .param("run", runId)
                .param("topic", type.topic())
                .param("key", key)
                .param("type", type.typeId())
                .param("payload", LetiJson.mapper().writeValueAsString(message))
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    /** Drops a run's messages that are not out yet (the run was cancelled or failed). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int discardPending(UUID runId) {
        return jdbc.sql("delete from outbox where run_id = :run and sent_at is null").param("run", runId).update();
    }
}
