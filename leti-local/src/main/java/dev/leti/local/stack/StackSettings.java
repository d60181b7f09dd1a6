package dev.leti.local.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its state and which ports it binds.
 *
 * @param home       the repository root, where the service jars are built ({@code <module>/target/<module>.jar})
 * @param workdir    all state: Kafka log dir, PostgreSQL data dir, artifacts, logs
 * @param kafkaPort  the broker's client port (the KRaft controller listens on the next port)
 * @param postgresPort the embedded PostgreSQL's port
 * @param portBase   the orchestrator's HTTP port; the other services take the next ones in {@link ServiceKind} order,
 *                   and replicas beyond each service's first take the ports after those ({@link #instances()})
 * @param apiKey     the services' write key (header {@code X-API-Key}); it reads too. The read key is
 *                   derived from it ({@link #readKey()})
 * @param services   the services to start (those whose jar exists)
 * @param javaOptions extra JVM options for every service
 * @param replicas   child JVMs per service, for those that run more than once (absent: one)
 */
public record StackSettings(
        Path home,
        Path workdir,
        int kafkaPort,
        int postgresPort,
        int portBase,
        String apiKey,
        List<ServiceKind> services,
        List<String> javaOptions,
        Map<ServiceKind, Integer> replicas) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_POSTGRES_PORT = 54329;
    public static final int DEFAULT_PORT_BASE = 8080;
    public static final String DEFAULT_API_KEY = "leti-local-key";

    /**
     * The most replicas of a service: the partitions of each topic the services declare
     * ({@code leti.kafka.partitions}, default 8). Kafka gives a partition to one member of a consumer
     * group, so a replica beyond that count would sit idle.
     */
    public static final int MAX_REPLICAS = 8;

    /**
     * Services that may run more than once. Generators and executors are plain consumer-group members
     * whose work Kafka spreads (requests keyed by request id, samples by sample id). The orchestrator
     * runs once: its scheduled work (outbox relay, stall detector) is untested with a second instance.
     * The trainer runs once: training requests are keyed by run id, so a run's training lands on one
     * replica anyway, and each trains one job at a time on the machine's one device.
     */
    public static final List<ServiceKind> REPLICABLE = List.of(ServiceKind.GENERATOR, ServiceKind.EXECUTOR);

    public StackSettings {
        home = home.toAbsolutePath().normalize();
        workdir = workdir.toAbsolutePath().normalize();
        services = List.copyOf(services);
        javaOptions = List.copyOf(javaOptions);
        replicas = Map.copyOf(replicas);
        replicas.forEach(StackSettings::checkReplicas);
    }

    /** One replica of every service. */
    public StackSettings(Path home, Path workdir, int kafkaPort, int postgresPort, int portBase, String apiKey,
                         List<ServiceKind> services, List<String> javaOptions) {
        this(home, workdir, kafkaPort, postgresPort, portBase, apiKey, services, javaOptions, Map.of());
    }

    private static void checkReplicas(ServiceKind service, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("replicas of " + service.module() + " must be at least 1, got " + count);
        }
        if (count > 1 && !REPLICABLE.contains(service)) {
            throw new IllegalArgumentException(service.module() + " runs once (replicas are supported for "
                    + String.join(" and ", REPLICABLE.stream().map(ServiceKind::module).toList()) + ")");
        }
        if (count > MAX_REPLICAS) {
            throw new IllegalArgumentException("at most " + MAX_REPLICAS + " replicas of " + service.module()
                    + " (the topics' partitions), got " + count);
        }
    }

    public int replicas(ServiceKind service) {
        return replicas.getOrDefault(service, 1);
    }

    /**
     * Every child JVM to start, in {@link ServiceKind} order, replicas of a service together. Each
     * service's first replica keeps its fixed port ({@link #httpPort}); the further replicas take
     * {@code portBase + 4}, {@code portBase + 5}, ... in that order.
     */
    public List<ServiceInstance> instances() {
        Map<ServiceKind, Integer> counts = new EnumMap<>(ServiceKind.class);
        services.forEach(service -> counts.put(service, replicas(service)));
        List<ServiceInstance> instances = new ArrayList<>();
        int nextExtraPort = portBase + ServiceKind.values().length;
        for (Map.Entry<ServiceKind, Integer> entry : counts.entrySet()) {
            ServiceKind service = entry.getKey();
            int count = entry.getValue();
            for (int replica = 1; replica <= count; replica++) {
                String name = count == 1 ? service.module() : service.module() + "-" + replica;
                int port = replica == 1 ? httpPort(service) : nextExtraPort++;
                instances.add(new ServiceInstance(service, replica, name, port));
            }
        }
        return instances;
    }

    /** The services' read key: differs from the write key, as the services demand. */
    public String readKey() {
        return apiKey + "-read";
    }

    public int controllerPort() {
        return kafkaPort + 1;
    }

    public int httpPort(ServiceKind service) {
        return portBase + service.ordinal();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + Postgres.DATABASE;
    }

    public Path kafkaDir() {
        return workdir.resolve("kafka");
    }

    public Path postgresDir() {
        return workdir.resolve("postgres");
    }

    public Path artifactsDir() {
        return workdir.resolve("artifacts");
    }

    public Path logsDir() {
        return workdir.resolve("logs");
    }

    public Path jar(ServiceKind service) {
        return home.resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
    }
}
