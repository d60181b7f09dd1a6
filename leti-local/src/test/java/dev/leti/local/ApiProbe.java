package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.leti.local.client.OrchestratorClient;
import dev.leti.local.client.RunStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the API says about a run's samples: counts per iteration and purpose, and whether any is there twice. */
final class ApiProbe {

    private final OrchestratorClient client;

    ApiProbe(String baseUrl, String apiKey) {
        this.client = new OrchestratorClient(URI.create(baseUrl), apiKey);
    }

    OrchestratorClient client() {
        return client;
    }

    RunStatus run(UUID id) throws IOException {
        return client.run(id);
    }

    /** Posts {@link LetiLoopIT#reducedSpec} with one iteration; returns the run's id. */
    UUID startReducedRun(String name, String baseCheckpoint, int trainProblems, int evalProblems, int samples)
            throws IOException {
        return startRun(LetiLoopIT.reducedSpec(name, baseCheckpoint, 1, trainProblems, evalProblems, samples));
    }

    /** Posts a run spec (JSON); returns the run's id. */
    UUID startRun(String spec) throws IOException {
        return client.createRun(JsonMapper.builder().build().readTree(spec)).id();
    }

    /** Waits for the run to end and requires that it succeeded. */
    RunStatus awaitSucceeded(UUID id, Duration timeout) {
        RunStatus run = await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> run(id), RunStatus::terminal);
        assertThat(run.state()).as("run " + id + " failed: " + run.failureReason()).isEqualTo("SUCCEEDED");
        return run;
    }

    /** Per iteration and purpose: samples listed, samples with an outcome, and distinct (set, problem, index) keys. */
    SampleCounts samples(UUID run, int iteration, String purpose) throws IOException {
        List<JsonNode> samples = list(run, iteration, purpose);
        long withOutcome = samples.stream()
                .filter(sample -> !sample.path("outcome").isNull() && !sample.path("outcome").isMissingNode()).count();
        return new SampleCounts(samples.size(), withOutcome, sampleKeys(samples).size());
    }

    /** The samples listed for an iteration and purpose: (set, problem, index) key to outcome (null: none yet). */
    Map<String, String> outcomes(UUID run, int iteration, String purpose) throws IOException {
        Map<String, String> outcomes = new HashMap<>();
        for (JsonNode sample : list(run, iteration, purpose)) {
            JsonNode outcome = sample.path("outcome");
            outcomes.put(key(sample), outcome.isNull() || outcome.isMissingNode() ? null : outcome.toString());
        }
        return outcomes;
    }

    private static String key(JsonNode sample) {
        return sample.path("evalSet").asString() + "/" + sample.path("problemId").asString() + "/"
                + sample.path("sampleIndex").asInt();
    }

    private static Set<String> sampleKeys(List<JsonNode> samples) {
        Set<String> keys = new HashSet<>();
        samples.forEach(sample -> keys.add(key(sample)));
        return keys;
    }

    private List<JsonNode> list(UUID run, int iteration, String purpose) throws IOException {
        List<JsonNode> samples = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = client.getJson("/api/v1/runs/" + run + "/iterations/" + iteration + "/samples?purpose="
                    + purpose + "&size=500&page=" + page);
            body.path("content").forEach(samples::add);
            if (page + 1 >= body.path("totalPages").asInt()) {
                return samples;
            }
        }
    }

    record SampleCounts(long listed, long withOutcome, long distinct) {
    }
}
