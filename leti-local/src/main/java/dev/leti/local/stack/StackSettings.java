package dev.leti.local.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the local stack keeps its state and which ports it binds.
 *
 * @param home       the repository root, where the service jars are built ({@code <module>/target/<module>.jar})
 * @param workdir    all state: Kafka log dir, PostgreSQL data dir, artifacts, logs
 * @param kafkaPort  the broker's client port (the KRaft controller listens on the next port)
 * @param postgresPort the embedded PostgreSQL's port
 * @param portBase   the orchestrator's HTTP port; the other services take the next ones in {@link ServiceKind} order
 * @param apiKey     the services' write key (header {@code X-API-Key}); it reads too. The read key is
 *                   derived from it ({@link #readKey()})
 * @param services   the services to start (those whose jar exists)
 * @param javaOptions extra JVM options for every service
 */
public record StackSettings(
        Path home,
        Path workdir,
        int kafkaPort,
        int postgresPort,
        int portBase,
        String apiKey,
        List<ServiceKind> services,
        List<String> javaOptions) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_POSTGRES_PORT = 54329;
    public static final int DEFAULT_PORT_BASE = 8080;
    public static final String DEFAULT_API_KEY = "leti-local-key";

    public StackSettings {
        home = home.toAbsolutePath().normalize();
        workdir = workdir.toAbsolutePath().normalize();
        services = List.copyOf(services);
        javaOptions = List.copyOf(javaOptions);
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
