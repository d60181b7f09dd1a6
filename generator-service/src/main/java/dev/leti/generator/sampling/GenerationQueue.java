package dev.leti.generator.sampling;

import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Samples waiting to be generated, across requests, in arrival order, plus how many samples
 * each accepted request still owes. Batches are formed from tasks with the same checkpoint, so
 * one model pass serves several requests. Thread-safe: the Kafka listener
 * submits, the sampling worker takes.
 */
@Component
final class GenerationQueue {

    private final Deque<SampleTask> waiting = new ArrayDeque<>();
    private final Map<UUID, Integer> owedByRequest = new HashMap<>();
    private final Map<UUID, UUID> runOfRequest = new HashMap<>();

    /** Queues every sample of a request; false (and nothing queued) when the request is already being served. */
    synchronized boolean submit(GenerationRequest request) {
        if (owedByRequest.containsKey(request.requestId())) {
            return false;
        }
        owedByRequest.put(request.requestId(), request.totalSamples());
        runOfRequest.put(request.requestId(), request.runId());
        for (ProblemToSample problem : request.problems()) {
            for (int index = 0; index < problem.samples(); index++) {
                waiting.add(new SampleTask(request, problem, index));
            }
        }
        notifyAll();
        return true;
    }

    /**
     * Waits up to {@code timeout} for work, then up to {@code linger} more for the batch to fill
     * (requests of one burst arrive a few milliseconds apart), and takes up to {@code max} tasks
     * that share the oldest task's checkpoint; empty when nothing arrived in time.
     */
    synchronized List<SampleTask> awaitBatch(int max, Duration timeout, Duration linger) throws InterruptedException {
        awaitDepth(1, timeout);
        if (waiting.isEmpty()) {
            return List.of();
        }
        awaitDepth(max, linger);
        String checkpoint = waiting.peekFirst().checkpointUri();
        List<SampleTask> taken = new ArrayList<>();
        for (Iterator<SampleTask> it = waiting.iterator(); it.hasNext() && taken.size() < max; ) {
            SampleTask task = it.next();
            if (task.checkpointUri().equals(checkpoint)) {
                it.remove();
                taken.add(task);
            }
        }
        return taken;
    }

    private void awaitDepth(int depth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); waiting.size() < depth && left > 0; left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Records a published sample; true when it was its request's last one. */
    synchronized boolean completed(SampleTask task) {
        UUID requestId = task.request().requestId();
        Integer owed = owedByRequest.get(requestId);
        if (owed == null) {
            return false;
        }
        if (owed <= 1) {
            owedByRequest.remove(requestId);
            runOfRequest.remove(requestId);
            return true;
        }
        owedByRequest.put(requestId, owed - 1);
        return false;
    }

    /** Drops a failed request's waiting samples and forgets it; true if it was still being served. */
    synchronized boolean abandon(UUID requestId) {
        waiting.removeIf(task -> task.request().requestId().equals(requestId));
        runOfRequest.remove(requestId);
        return owedByRequest.remove(requestId) != null;
    }

    /**
     * Drops a cancelled run's waiting samples and forgets its requests (a batch in progress finishes,
     * but its samples are no longer owed, so nothing more of the run is published or reported served).
     *
     * @return the ids of the run's requests that were still being served
     */
    synchronized Set<UUID> cancelRun(UUID runId) {
        waiting.removeIf(task -> task.request().runId().equals(runId));
        Set<UUID> dropped = new HashSet<>();
        runOfRequest.entrySet().removeIf(entry -> entry.getValue().equals(runId) && dropped.add(entry.getKey()));
        dropped.forEach(owedByRequest::remove);
        return dropped;
    }

    /** Samples waiting for a batch slot. */
    synchronized int depth() {
        return waiting.size();
    }
}
