package dev.leti.deploy.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import dev.leti.deploy.ExternalTool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** A real Prometheus (Debian's package) scraping the services' actuator endpoints, and its HTTP query API. */
final class PrometheusServer implements AutoCloseable {

    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);

    private final Process process;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private PrometheusServer(Process process, URI api) {
        this.process = process;
        this.api = api;
    }

    /** Starts Prometheus on a loopback port, scraping /actuator/prometheus of each target (host:port). */
    static PrometheusServer start(Path directory, int port, List<String> targets) throws IOException {
        Path prometheus = ExternalTool.PROMETHEUS.require();
        String config = """
                global:
                  scrape_interval: %ds
                scrape_configs:
                  - job_name: leti
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: [%s]
                """.formatted(SCRAPE_INTERVAL.toSeconds(),
                targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")));
        Path configFile = Files.writeString(directory.resolve("prometheus.yml"), config);
        Process process = new ProcessBuilder(prometheus.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(directory.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> server.isReady() || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited: " + Files.readString(directory.resolve("prometheus.log")));
        }
        return server;
    }

    private boolean isReady() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Health of each scrape target, as "url: health lastError". */
    List<String> targets() throws IOException {
        JsonNode active = data("/api/v1/targets").path("activeTargets");
        return active.valueStream()
                .map(t -> t.path("scrapeUrl").asString() + ": " + t.path("health").asString() + " " + t.path("lastError").asString())
                .toList();
    }

    /** The series a range query returns over [from, to]: what a Grafana panel over that window shows. */
    JsonNode queryRange(String expression, Instant from, Instant to) throws IOException {
        return data("/api/v1/query_range?query=" + encode(expression)
                + "&start=" + from.getEpochSecond() + "&end=" + to.getEpochSecond()
                + "&step=" + SCRAPE_INTERVAL.toSeconds()).path("result");
    }

    /** Values of a label on the series of a metric: Grafana's label_values(metric, label). */
    JsonNode labelValues(String label, String metric) throws IOException {
        return data("/api/v1/label/" + label + "/values?match[]=" + encode(metric));
    }

    private JsonNode data(String path) throws IOException {
        HttpResponse<String> response = get(path);
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
            throw new IOException(path + " -> " + response.statusCode() + " " + response.body());
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
