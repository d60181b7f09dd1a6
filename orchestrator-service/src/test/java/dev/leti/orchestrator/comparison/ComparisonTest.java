package dev.leti.orchestrator.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.orchestrator.FakeWorkers;
import dev.leti.orchestrator.Fixtures;
import dev.leti.orchestrator.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** TEXTUAL vs BINARY vs NONE from one call, reported side by side. */
class ComparisonTest extends IntegrationTest {

    @Test
    void startsOneRunPerFeedbackModeFromTheSameSpecAndReportsThemSideBySide() {
        Response created = post("/api/v1/comparisons", "{\"run\": " + Fixtures.spec(FakeWorkers.NORMAL)
                .replace("\"samplesPerProblem\": 2", "\"iterations\": 1, \"samplesPerProblem\": 2") + "}");

        assertThat(created.status()).isEqualTo(201);
        UUID id = UUID.fromString(created.body().get("id").asString());
        assertThat(created.body().get("runs")).hasSize(3);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> !get("/api/v1/comparisons/" + id).body().get("state").asString().equals("RUNNING"));

        JsonNode comparison = get("/api/v1/comparisons/" + id).body();
        assertThat(comparison.get("state").asString()).isEqualTo("SUCCEEDED");
        List<String> modes = new ArrayList<>();
        List<UUID> runs = new ArrayList<>();
        comparison.get("runs").forEach(run -> {
            modes.add(run.get("feedbackMode").asString());
            runs.add(UUID.fromString(run.get("runId").asString()));
            assertThat(run.get("state").asString()).isEqualTo("SUCCEEDED");
        });
        assertThat(modes).containsExactlyInAnyOrder("TEXTUAL", "BINARY", "NONE");
        // Iterations 0 and 1, held-out set "test", k = 1 and 2: one row each with all three modes.
        assertThat(comparison.get("table")).hasSize(4).allSatisfy(row ->
                assertThat(row.get("passAtK").propertyNames()).containsExactlyInAnyOrder("TEXTUAL", "BINARY", "NONE"));
        JsonNode baseRow = comparison.at("/table/0");
        assertThat(baseRow.get("iteration").asInt()).isZero();
        assertThat(baseRow.at("/passAtK/TEXTUAL").asDouble()).isEqualTo(baseRow.at("/passAtK/NONE").asDouble());
        assertThat(comparison.at("/train/0/successRate").propertyNames()).hasSize(3);

        for (UUID run : runs) {
            JsonNode view = run(run);
            assertThat(view.get("comparisonId").asString()).isEqualTo(id.toString());
            FeedbackMode mode = FeedbackMode.valueOf(view.at("/spec/feedbackMode").asString());
            assertThat(workers.trainingRequests).filteredOn(r -> r.runId().equals(run))
                    .extracting(TrainingRequest::feedbackMode).containsOnly(mode);
            assertThat(view.at("/spec/samplesPerProblem").asInt()).isEqualTo(2);
        }
    }

    @Test
    void invalidComparisonsAreBadRequestsNamingTheField() {
        Response twice = post("/api/v1/comparisons", "{\"feedbackModes\": [\"TEXTUAL\", \"TEXTUAL\"]}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body().at("/errors/0/field").asString()).isEqualTo("feedbackModes");
        Response badRun = post("/api/v1/comparisons", "{\"run\": {\"iterations\": 0}}");
        assertThat(badRun.status()).isEqualTo(400);
        assertThat(badRun.body().at("/errors/0/field").asString()).isEqualTo("run.iterations");
        assertThat(post("/api/v1/comparisons", "{}", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/comparisons/" + UUID.randomUUID()).status()).isEqualTo(404);
    }
}
