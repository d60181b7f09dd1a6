package dev.leti.local.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole local stack: Kafka broker and PostgreSQL first, then the orchestrator (so the API is up
 * as early as possible), then the other services side by side. Closing stops everything in reverse.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(240);

    private final StackSettings settings;
    private final PrintStream out;
    private final KafkaBroker broker;
    private final Postgres postgres;
    private final ServiceProcesses services;
    private final Readiness readiness = new Readiness();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<ServiceInstance> started = new ArrayList<>();

    public LocalStack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.broker = new KafkaBroker(settings);
        this.postgres = new Postgres(settings);
        this.services = new ServiceProcesses(settings);
    }

    public StackSettings settings() {
        return settings;
    }

    public List<ServiceKind> startedServices() {
        return started.stream().map(ServiceInstance::kind).distinct().toList();
    }

    /** Every child JVM that came up, replicas included. */
    public List<ServiceInstance> startedInstances() {
        return List.copyOf(started);
    }

    public void start() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(settings.logsDir());
        Files.createDirectories(settings.artifactsDir());
        out.printf("leti-local: state under %s%n", settings.workdir());
        startInfrastructure(t0);
        List<ServiceInstance> available = availableInstances();
        startAndAwait(available.stream().filter(s -> s.kind() == ServiceKind.ORCHESTRATOR).toList(), t0);
        startAndAwait(available.stream().filter(s -> s.kind() != ServiceKind.ORCHESTRATOR).toList(), t0);
        out.printf("  all up in %.1f s%n", seconds(t0));
        printEndpoints();
    }

    /** Broker and database start side by side: both mostly wait on disk and their own threads. */
    private void startInfrastructure(long t0) throws IOException {
        CompletableFuture<Void> brokerStarted = CompletableFuture.runAsync(this::startBroker);
        postgres.start();
        out.printf("  PostgreSQL   ready  %5.1f s  %s%n", seconds(t0), settings.jdbcUrl());
        try {
            brokerStarted.join();
        } catch (CompletionException e) {
            throw new IOException("the Kafka broker failed to start", e.getCause());
        }
        out.printf("  Kafka broker ready  %5.1f s  %s%n", seconds(t0), settings.bootstrapServers());
    }

    private void startBroker() {
        try {
            broker.start(BROKER_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ServiceInstance> availableInstances() {
        List<ServiceInstance> available = new ArrayList<>();
        for (ServiceKind service : settings.services()) {
            if (!ServiceProcesses.jarExists(settings, service)) {
                out.printf("  %-20s skipped: %s not built%n", service.module(),
                        settings.home().relativize(settings.jar(service)));
            }
        }
        for (ServiceInstance instance : settings.instances()) {
            if (ServiceProcesses.jarExists(settings, instance.kind())) {
                available.add(instance);
            }
        }
        return available;
    }

    private void startAndAwait(List<ServiceInstance> batch, long t0) throws IOException {
        Map<ServiceInstance, Process> processes = new java.util.LinkedHashMap<>();
        for (ServiceInstance instance : batch) {
            processes.put(instance, services.start(instance));
        }
        for (ServiceInstance instance : batch) {
            readiness.await(instance.name(), instance.port(), processes.get(instance),
                    services.logFile(instance), SERVICE_TIMEOUT);
            started.add(instance);
            out.printf("  %-20s ready  %5.1f s  http://localhost:%d (pid %d)%n", instance.name(), seconds(t0),
                    instance.port(), processes.get(instance).pid());
        }
    }

    private void printEndpoints() {
        if (startedServices().contains(ServiceKind.ORCHESTRATOR)) {
            int port = settings.httpPort(ServiceKind.ORCHESTRATOR);
            out.printf("%n  API        http://localhost:%d/api/v1/runs   (header X-API-Key: %s; read-only: %s)%n", port,
                    settings.apiKey(), settings.readKey());
            out.printf("  OpenAPI    http://localhost:%d/swagger-ui.html   http://localhost:%d/v3/api-docs%n", port, port);
        }
        for (ServiceInstance instance : started) {
            out.printf("  metrics    http://localhost:%d/actuator/prometheus   (%s)%n", instance.port(), instance.name());
        }
        out.printf("  Kafka      %s%n", settings.bootstrapServers());
        out.printf("  PostgreSQL %s (user %s)%n", settings.jdbcUrl(), Postgres.USER);
        out.printf("  logs       %s%n", settings.logsDir());
    }

    /**
     * Stops the broker and starts it again on the same ports and log directory, as an outage of
     * Kafka would look to the services (their clients reconnect); for fault tests.
     */
    public synchronized void restartBroker() throws IOException {
        long t0 = System.nanoTime();
        broker.close();
        broker.start(BROKER_TIMEOUT);
        out.printf("leti-local: Kafka broker restarted in %.1f s%n", seconds(t0));
    }

    /**
     * Stops PostgreSQL (fast shutdown: open connections are cut) and starts it again on the same
     * port and data directory; the services' connection pools reconnect. For fault tests.
     */
    public synchronized void restartPostgres() throws IOException {
        long t0 = System.nanoTime();
        postgres.close();
        postgres.start();
        out.printf("leti-local: PostgreSQL restarted in %.1f s%n", seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Services first (they still talk to the broker and the database while shutting down), then Kafka, then PostgreSQL. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        services.close();
        broker.close();
        try {
            postgres.close();
        } catch (IOException e) {
            out.println("leti-local: stopping PostgreSQL failed: " + e.getMessage());
        }
    }
}
