package dev.leti.local.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the orchestrator's REST API ({@code /api/v1}). */
public final class OrchestratorClient {

    private static final int PAGE_SIZE = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI base;
    private final String apiKey;

    public OrchestratorClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public RunStatus createRun(JsonNode spec) throws IOException {
        return json.readValue(post("/api/v1/runs", spec), RunStatus.class);
    }

    public RunStatus run(UUID id) throws IOException {
        return json.readValue(get("/api/v1/runs/" + id), RunStatus.class);
    }

    /** Every evaluation sample of one iteration, all pages. */
    public List<EvalSample> evaluationSamples(UUID run, int iteration) throws IOException {
        List<EvalSample> samples = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = json.readTree(get("/api/v1/runs/" + run + "/iterations/" + iteration
                    + "/samples?purpose=EVAL&size=" + PAGE_SIZE + "&page=" + page));
            for (JsonNode sample : body.path("content")) {
                samples.add(json.treeToValue(sample, EvalSample.class));
            }
            if (page + 1 >= body.path("totalPages").asInt()) {
                return samples;
            }
        }
    }

    public JsonNode postJson(String path, JsonNode body) throws IOException {
        return json.readTree(post(path, body));
    }

    public JsonNode getJson(String path) throws IOException {
        return json.readTree(get(path));
    }

    public JsonMapper mapper() {
        return json;
    }

    private String get(String path) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private String post(String path, JsonNode body) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private String send(HttpRequest.Builder request) throws IOException {
        try {
            // The write key reads too: every call carries it.
            HttpResponse<String> response = http.send(request.header("X-API-Key", apiKey)
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(response.request().method() + " " + response.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
