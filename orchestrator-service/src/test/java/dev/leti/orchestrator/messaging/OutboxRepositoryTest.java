package dev.leti.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.orchestrator.RepositoryTest;
import dev.leti.orchestrator.messaging.OutboxRepository.Pending;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The outbox's rows: pending in order until sent, and dropped with the run's other unsent messages. */
class OutboxRepositoryTest extends RepositoryTest {

    /** A topic of this test's own, so that other tests' pending messages do not count. */
    private final String topic = "test.outbox." + UUID.randomUUID();

    @Autowired
    OutboxRepository outbox;

    @Test
    void aMessageIsPendingInOrderUntilMarkedSent() {
        UUID run = insertRun();
        outbox.insert(run, topic, "k1", "type", "{\"n\":1}");
        outbox.insert(run, topic, "k2", "type", "{\"n\":2}");

        List<Pending> pending = pending();
        assertThat(pending).extracting(Pending::key).containsExactly("k1", "k2");
        assertThat(pending.get(0).payload()).isEqualTo("{\"n\": 1}");

        outbox.markSent(List.of(pending.get(0).id()));
        assertThat(pending()).extracting(Pending::key).containsExactly("k2");
    }

    @Test
    void discardingDropsOnlyTheRunsUnsentMessages() {
        UUID cancelled = insertRun();
        UUID other = insertRun();
        outbox.insert(cancelled, topic, "sent", "type", "{}");
        outbox.markSent(List.of(pending().get(0).id()));
        outbox.insert(cancelled, topic, "unsent", "type", "{}");
        outbox.insert(other, topic, "other", "type", "{}");

        assertThat(outbox.discardPending(cancelled)).isEqualTo(1);
        assertThat(pending()).extracting(Pending::key).containsExactly("other");
    }

    private List<Pending> pending() {
        return outbox.lockPending(Integer.MAX_VALUE).stream().filter(p -> p.topic().equals(topic)).toList();
    }
}
