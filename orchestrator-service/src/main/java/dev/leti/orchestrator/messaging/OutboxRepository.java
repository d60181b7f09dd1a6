package dev.leti.orchestrator.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The transactional outbox's rows ({@code outbox}): queued messages, pending until the relay marks them sent. */
@Repository
public class OutboxRepository {

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A message waiting to be published; {@code payload} is its JSON. */
    public record Pending(long id, String topic, String key, String typeId, String payload) {
    }

    public void insert(UUID runId, String topic, String key, String typeId, String payload) {
        jdbc.sql("""
                insert into outbox (run_id, topic, message_key, type_id, payload, created_at)
                values (:run, :topic, :key, :type, cast(:payload as jsonb), :now)""")
                .param("run", runId)
                .param("topic", topic)
                .param("key", key)
                .param("type", typeId)
                .param("payload", payload)
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    /** Deletes a run's messages that are not out yet; returns how many. */
    public int discardPending(UUID runId) {
        return jdbc.sql("delete from outbox where run_id = :run and sent_at is null").param("run", runId).update();
    }

    /**
     * Up to {@code limit} pending messages in the order they were queued, locked until the
     * transaction ends; rows another transaction holds are skipped, so replicas can relay side by side.
     */
    public List<Pending> lockPending(int limit) {
        return jdbc.sql("""
                select id, topic, message_key, type_id, payload::text as payload from outbox
                where sent_at is null order by id limit :n for update skip locked""")
                .param("n", limit)
                .query((rs, i) -> new Pending(rs.getLong("id"), rs.getString("topic"), rs.getString("message_key"),
                        rs.getString("type_id"), rs.getString("payload")))
                .list();
    }

    public void markSent(List<Long> ids) {
        jdbc.sql("update outbox set sent_at = :now where id in (:ids)")
                .param("now", Timestamp.from(Instant.now()))
                .param("ids", ids)
                .update();
    }
}
