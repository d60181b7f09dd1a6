package dev.leti.orchestrator;

import dev.leti.contracts.messaging.LetiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The orchestrator over a real (embedded) PostgreSQL and a real (embedded KRaft) Kafka broker,
 * with {@link FakeWorkers} standing in for the other services. All subclasses share one
 * application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("test")
@Import(FakeWorkersConfiguration.class)
public abstract class IntegrationTest {

    /** The test profile's keys. */
    protected static final String READ_KEY = "test-read-key";
    protected static final String WRITE_KEY = "test-write-key";
    static final Path ARTIFACTS = TestDatabase.tempDirectory("leti-artifacts");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestDatabase.registerDataSource(registry);
        registry.add("leti.artifacts.root", ARTIFACTS::toString);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected FakeWorkers workers;

    private final HttpClient http = HttpClient.newHttpClient();

    /** An HTTP response with its JSON body (null when empty). */
    public record Response(int status, JsonNode body, String contentType, String text) {
    }

    protected Response get(String path) {
        return get(path, READ_KEY);
    }

    protected Response get(String path, String apiKey) {
        return send(withKey(HttpRequest.newBuilder(uri(path)).GET(), apiKey));
    }

    protected Response post(String path, String json) {
        return post(path, json, WRITE_KEY);
    }

    protected Response post(String path, String json, String apiKey) {
        var request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(withKey(request, apiKey));
    }

    private static HttpRequest.Builder withKey(HttpRequest.Builder request, String apiKey) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    protected UUID createRun(String specJson) {
        Response created = post("/api/v1/runs", specJson);
        if (created.status() != 201) {
            throw new AssertionError("run not created: " + created);
        }
        return UUID.fromString(created.body().get("id").asString());
    }

    protected JsonNode run(UUID id) {
        return get("/api/v1/runs/" + id).body();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return new Response(response.statusCode(),
                    contentType.contains("json") && !body.isBlank() ? LetiJson.mapper().readTree(body) : null,
                    contentType, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
