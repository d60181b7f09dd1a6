package dev.leti.executor.sandbox;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of sandbox slots. A caller blocks until a slot is free, so work waits in
 * its source (the Kafka partition, the HTTP client) instead of in an unbounded queue.
 * Warm slots keep their sandbox between programs; when a warm sandbox cannot be started or
 * breaks, the program runs in a cold one (started for it alone) and the slot starts afresh.
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxPool.class);
    private final SandboxBackend backend;
    private final boolean warm;
    private final int size;
    private final BlockingQueue<Slot> idle;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger broken = new AtomicInteger();

    private static final class Slot {
        final int index;
        Sandbox sandbox;

        Slot(int index) {
            this.index = index;
        }
    }

    public SandboxPool(SandboxBackend backend, int size, boolean warm) {
        this.backend = backend;
        this.size = size;
        this.warm = warm;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Slot slot = new Slot(i);
            if (warm) {
                slot.sandbox = tryStart(i);
            }
            idle.add(slot);
        }
    }

    public String backendName() {
        return backend.name();
    }

    /** How its backend enforces the sandboxes' process and memory limits. */
    public java.util.Map<String, String> limitMechanisms() {
        return backend.limitMechanisms();
    }

    public int size() {
        return size;
    }

    /** Callers waiting for a free slot. */
    public int waiting() {
        return waiting.get();
    }

    /** Warm sandboxes that broke while running a program (and were replaced) since the pool started. */
    public int brokenSandboxes() {
        return broken.get();
    }

    /** Fraction of slots running a program. */
    public double utilization() {
        return (double) (size - idle.size()) / size;
    }

    public RawRun run(SandboxJob job) throws SandboxException, InterruptedException {
        Slot slot;
        waiting.incrementAndGet();
        try {
            slot = idle.take();
        } finally {
            waiting.decrementAndGet();
        }
        try {
            return warm ? runWarm(slot, job) : runCold(slot, job);
        } finally {
            idle.add(slot);
        }
    }

    private RawRun runWarm(Slot slot, SandboxJob job) throws SandboxException {
        if (slot.sandbox == null) {
            slot.sandbox = tryStart(slot.index);
        }
        if (slot.sandbox != null) {
            try {
                return slot.sandbox.run(job);
            } catch (SandboxException e) {
                log.warn("warm sandbox of slot {} broke ({}); running this program cold", slot.index, e.getMessage());
                broken.incrementAndGet();
                slot.sandbox.close();
                slot.sandbox = null;
            }
        }
        return runCold(slot, job);
    }

    private RawRun runCold(Slot slot, SandboxJob job) throws SandboxException {
        try (Sandbox sandbox = backend.start(slot.index, false)) {
            return sandbox.run(job);
        }
    }

    private Sandbox tryStart(int index) {
        try {
            return backend.start(index, true);
        } catch (SandboxException e) {
            log.warn("cannot start the warm sandbox of slot {}: {}", index, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        Slot slot;
        while ((slot = idle.poll()) != null) {
            if (slot.sandbox != null) {
                slot.sandbox.close();
            }
        }
        backend.close();
    }
}
