package dev.leti.generator.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Commits a generation request's offset only once the request is served: every sample published
 * and flushed to the broker, or its failure reported. Requests finish out of order (batches mix
 * requests) while Kafka keeps one committed offset per partition, so each partition's commit
 * advances over the longest run of finished records from its oldest unfinished one.
 *
 * <p>So a generator that dies with requests queued or half sampled leaves them uncommitted, and
 * the restarted one (or another member of the group) receives them again at once. Sample ids
 * derive from request, problem and index, so the samples it had already published come again
 * with the same ids, and consumers drop them.
 */
@Component
final class RequestOffsets {

    /** Where a request record sits in the topic. */
    record Position(int partition, long offset) {
    }

    private static final class Slot {
        final Acknowledgment acknowledgment;
        boolean finished;

        Slot(Acknowledgment acknowledgment) {
            this.acknowledgment = acknowledgment;
        }
    }

    private final Map<Integer, TreeMap<Long, Slot>> partitions = new HashMap<>();
    private final Map<UUID, List<Position>> byRequest = new HashMap<>();

    /** A record of the request arrived (a redelivery of a request in progress adds to it). */
    synchronized void received(UUID requestId, Position position, Acknowledgment acknowledgment) {
        partitions.computeIfAbsent(position.partition(), p -> new TreeMap<>())
                .putIfAbsent(position.offset(), new Slot(acknowledgment));
        byRequest.computeIfAbsent(requestId, id -> new ArrayList<>()).add(position);
    }

    /** The request is served: its records may be committed once every older record is too. */
    synchronized void served(UUID requestId) {
        List<Position> positions = byRequest.remove(requestId);
        if (positions == null) {
            return;
        }
        for (Position position : positions) {
            TreeMap<Long, Slot> slots = partitions.get(position.partition());
            Slot slot = slots == null ? null : slots.get(position.offset());
            if (slot != null) {
                slot.finished = true;
            }
        }
        positions.stream().map(Position::partition).distinct().forEach(this::commitFinishedPrefix);
    }

    /** Records received whose request is not served yet. */
    synchronized int pending() {
        return partitions.values().stream().mapToInt(Map::size).sum();
    }

    private void commitFinishedPrefix(int partition) {
        TreeMap<Long, Slot> slots = partitions.get(partition);
        Slot last = null;
        while (slots != null && !slots.isEmpty() && slots.firstEntry().getValue().finished) {
            last = slots.pollFirstEntry().getValue();
        }
        if (last != null) {
            // Acknowledging a record commits its offset + 1, so the newest finished one covers the older ones.
            last.acknowledgment.acknowledge();
        }
    }
}
