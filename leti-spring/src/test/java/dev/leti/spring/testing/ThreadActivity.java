package dev.leti.spring.testing;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/** For the services' tests: waits until a named worker thread stops using the CPU. */
public final class ThreadActivity {

    /** A second in which the thread used less than this much CPU counts as idle (5% of a core). */
    private static final long IDLE_NANOS_PER_SECOND = 50_000_000L;

    private ThreadActivity() {
    }

    /** Waits at most {@code within} for a second in which the thread named {@code name} was idle. */
    public static void awaitIdle(String name, Duration within) {
        long id = Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no thread named " + name)).getId();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = {threads.getThreadCpuTime(id)};
        await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = threads.getThreadCpuTime(id);
            boolean idle = now - cpu[0] < IDLE_NANOS_PER_SECOND;
            cpu[0] = now;
            return idle;
        });
    }
}
