package dev.leti.deploy.dashboards;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.leti.deploy.RepositoryFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance check of the dashboards: the whole local stack (leti-local: Kafka, PostgreSQL, the four
 * service jars) does a short LeTI run while a real Prometheus scrapes it, then every PromQL expression of
 * every dashboard, evaluated as Grafana does over the run's time window, must return data.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardQueriesReturnDataTest {

    /**
     * Ports away from leti-local's defaults, so a stack someone runs by hand does not collide, and below
     * the kernel's ephemeral range (32768 on, Linux's default): the stack binds them one service at a
     * time, and a port from that range can meanwhile become the local end of an outgoing Kafka or JDBC
     * connection (a CI run lost the executor's port 38082 that way).
     */
    private static final int PORT_BASE = 18380;
    private static final int KAFKA_PORT = 19392;
    private static final int POSTGRES_PORT = 15732;
    private static final int PROMETHEUS_PORT = 19390;
    private static final List<String> SERVICES =
            List.of("orchestrator-service", "generator-service", "executor-service", "trainer-service");
    /** Grafana's $__rate_interval for this scrape interval and step, with room to spare. */
    private static final String RATE_INTERVAL = "30s";
    /** How often Micrometer's Kafka binder registers client metrics that appeared since (its default). */
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(60);
    /** One iteration, few problems and samples, short programs: every stage runs once. */
    private static final String SHORT_RUN = """
            {"name": "dashboards-check", "feedbackMode": "TEXTUAL", "iterations": 1, "samplesPerProblem": 4,
             "dataset": {"maxTrainProblems": 8, "maxEvalProblems": 4},
             "sampling": {"maxNewTokens": 64},
             "training": {"epochs": 1, "batchSize": 8},
             "evaluation": {"kValues": [1, 2], "samplesPerProblem": 2, "sampling": {"maxNewTokens": 64}}}
            """;

    @TempDir
    static Path directory;
    private static PrometheusServer prometheus;
    private static Process stack;
    private static Path stackLog;
    private static Instant started;

    @BeforeAll
    static void runTheStackUnderPrometheus() throws Exception {
        Path root = RepositoryFiles.root();
        Path launcher = root.resolve("leti-local/target/leti-local.jar");
        for (String module : List.of("leti-local", "orchestrator-service", "generator-service", "executor-service", "trainer-service")) {
            assertThat(root.resolve(module).resolve("target").resolve(module + ".jar"))
                    .as("built jar (./mvnw -DskipTests install)").isRegularFile();
        }
        for (int port : List.of(PORT_BASE, PORT_BASE + 1, PORT_BASE + 2, PORT_BASE + 3, KAFKA_PORT, KAFKA_PORT + 1,
                POSTGRES_PORT, PROMETHEUS_PORT)) {
            assertPortFree(port);
        }
        started = Instant.now();
        prometheus = PrometheusServer.start(Files.createDirectories(directory.resolve("prometheus")), PROMETHEUS_PORT,
                SERVICES.stream().map(s -> "127.0.0.1:" + port(s)).toList());

        Path spec = Files.writeString(directory.resolve("short-run.json"), SHORT_RUN);
        stackLog = directory.resolve("leti-local.log");
        stack = new ProcessBuilder(javaBinary(), "-Xmx512m", "-Dleti.home=" + root, "-jar", launcher.toString(),
                "demo", "--workdir", directory.resolve("stack").toString(), "--spec", spec.toString(),
                "--report", directory.resolve("report.md").toString(), "--keep-running",
                "--port-base", String.valueOf(PORT_BASE), "--kafka-port", String.valueOf(KAFKA_PORT),
                "--postgres-port", String.valueOf(POSTGRES_PORT))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(stackLog.toFile())
                .start();
        await("the short run to finish (leti-local demo, log: " + stackLog + ")")
                .atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2))
                .until(() -> log().contains("leti-local stays up") || !stack.isAlive());
        if (!stack.isAlive()) {
            List<String> lines = log().lines().toList();
            fail("leti-local exited with " + stack.exitValue() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
        }
        // Let Prometheus take a few more samples of the finished state.
        Instant settled = Instant.now().plus(PrometheusServer.SCRAPE_INTERVAL.multipliedBy(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(settled));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            // SIGTERM: leti-local's shutdown hook stops the services, the broker and PostgreSQL.
            stack.destroy();
            if (!stack.waitFor(60, TimeUnit.SECONDS)) {
                stack.descendants().forEach(ProcessHandle::destroyForcibly);
                stack.destroyForcibly().waitFor();
            }
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    @Order(1)
    void prometheusScrapedEveryService() throws IOException {
        assertThat(prometheus.targets()).hasSize(SERVICES.size()).allSatisfy(t -> assertThat(t).contains(": up"));
    }

    @Test
    @Order(2)
    void everyServiceListsItsLetiMetersOnActuatorPrometheus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : SERVICES) {
            String exposition = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port(service) + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> names = exposition.lines().filter(l -> !l.startsWith("#"))
                    .map(l -> l.split("[{ ]", 2)[0]).distinct().toList();
            assertThat(names).as(service).containsAll(DeclaredMetrics.LETI_BY_SERVICE.get(service));
            assertThat(exposition).as(service).contains("application=\"" + service + "\"");
        }
    }

    @Test
    @Order(3)
    void everyDashboardQueryReturnsDataOverTheRun() throws Exception {
        // Micrometer's Kafka binder looks for new client metrics once a minute, so a consumer's per-partition
        // lag, which Kafka registers only after the first fetch, can reach Prometheus up to a minute after a
        // short run ends. Wait that long for the last queries to fill, then report whatever is still empty.
        Instant deadline = Instant.now().plus(KAFKA_METRICS_REFRESH).plus(PrometheusServer.SCRAPE_INTERVAL.multipliedBy(3));
        Map<String, String> empty = queriesWithoutData();
        while (!empty.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(PrometheusServer.SCRAPE_INTERVAL.toMillis());
            empty = queriesWithoutData();
        }
        List<String> emptyVariables = new ArrayList<>();
        for (Dashboards.Query variable : Dashboards.variableQueries()) {
            String label = variable.expression().replaceAll(".*,\\s*(\\w+)\\s*\\)\\s*$", "$1");
            String metric = PromQl.variableQueryMetrics(variable.expression()).iterator().next();
            if (prometheus.labelValues(label, metric).isEmpty()) {
                emptyVariables.add(variable.toString());
            }
        }

        assertThat(empty).as("queries without data (log: %s)", stackLog).isEmpty();
        assertThat(emptyVariables).as("dashboard variables without values").isEmpty();
    }

    private static Map<String, String> queriesWithoutData() throws IOException {
        Map<String, String> empty = new TreeMap<>();
        Instant now = Instant.now();
        for (Dashboards.Query query : Dashboards.queries()) {
            String expression = query.resolved(RATE_INTERVAL);
            if (prometheus.queryRange(expression, started, now).isEmpty()) {
                empty.put(query.toString(), expression);
            }
        }
        return empty;
    }

    private static int port(String service) {
        return PORT_BASE + SERVICES.indexOf(service);
    }

    private static String log() throws IOException {
        return Files.readString(stackLog);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void assertPortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            fail("port " + port + " is taken; the dashboard check needs it");
        }
    }
}
