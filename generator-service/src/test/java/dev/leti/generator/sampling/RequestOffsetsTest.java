package dev.leti.generator.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.generator.sampling.RequestOffsets.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class RequestOffsetsTest {

    final RequestOffsets offsets = new RequestOffsets();
    /** Offsets acknowledged, in order: acknowledging a record commits its offset + 1. */
    final List<String> acknowledged = new ArrayList<>();

    @Test
    void aPartitionCommitsOnlyOverFinishedRequestsFromItsOldestOne() {
        UUID first = receive(0, 10);
        UUID second = receive(0, 11);
        UUID third = receive(0, 12);

        offsets.served(second);
        offsets.served(third);
        assertThat(acknowledged).as("the oldest request is still being sampled").isEmpty();

        offsets.served(first);
        assertThat(acknowledged).containsExactly("0@12");
        assertThat(offsets.pending()).isZero();
    }

    @Test
    void partitionsCommitIndependently() {
        UUID slow = receive(0, 5);
        UUID fast = receive(1, 7);

        offsets.served(fast);

        assertThat(acknowledged).containsExactly("1@7");
        assertThat(offsets.pending()).isEqualTo(1);
        offsets.served(slow);
        assertThat(acknowledged).containsExactly("1@7", "0@5");
    }

    @Test
    void aRedeliveryOfARequestInProgressIsCommittedWithIt() {
        UUID request = receive(0, 3);
        receive(request, 0, 9);

        offsets.served(request);

        assertThat(acknowledged).containsExactly("0@9");
        assertThat(offsets.pending()).isZero();
    }

    @Test
    void servingAnUnknownOrAlreadyServedRequestChangesNothing() {
        UUID request = receive(0, 1);
        offsets.served(request);
        offsets.served(request);
        offsets.served(UUID.randomUUID());

        assertThat(acknowledged).containsExactly("0@1");
    }

    private UUID receive(int partition, long offset) {
        return receive(UUID.randomUUID(), partition, offset);
    }

    private UUID receive(UUID request, int partition, long offset) {
        Acknowledgment acknowledgment = () -> acknowledged.add(partition + "@" + offset);
        offsets.received(request, new Position(partition, offset), acknowledgment);
        return request;
    }
}
