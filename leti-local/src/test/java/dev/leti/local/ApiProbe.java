package dev.leti.local;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import dev.leti.local.client.OrchestratorClient;
import dev.leti.local.client.RunStatus;
import tools.jackson.databind.JsonNode;

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

    /** Per iteration and purpose: samples listed, samples with an outcome, and distinct (set, problem, index) keys. */
    SampleCounts samples(UUID run, int iteration, String purpose) throws IOException {
        long listed = 0;
        long withOutcome = 0;
        Set<String> keys = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode body = client.getJson("/api/v1/runs/" + run + "/iterations/" + iteration + "/samples?purpose="
                    + purpose + "&size=500&page=" + page);
            for (JsonNode sample : body.path("content")) {
                listed++;
                if (!sample.path("outcome").isNull() && !sample.path("outcome").isMissingNode()) {
                    withOutcome++;
                }
                keys.add(sample.path("evalSet").asString() + "/" + sample.path("problemId").asString() + "/"
                        + sample.path("sampleIndex").asInt());
            }
            if (page + 1 >= body.path("totalPages").asInt()) {
                return new SampleCounts(listed, withOutcome, keys.size());
            }
        }
    }

    record SampleCounts(long listed, long withOutcome, long distinct) {
    }
}
