package dev.leti.orchestrator.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.orchestrator.FakeWorkers;
import dev.leti.orchestrator.Fixtures;
import dev.leti.orchestrator.IntegrationTest;
import dev.leti.spring.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * TEXTUAL vs BINARY vs NONE from one call, reported side by side. Full context: the members
 * share stages through the running engine, broker and fake workers.
 */
class ComparisonTest extends IntegrationTest {

    @Autowired
    ArtifactStore artifacts;

    @Test
    void startsOneRunPerFeedbackModeFromTheSameSpecAndReportsThemSideBySide() {
        Response created = create(oneIteration(FakeWorkers.NORMAL));

        UUID id = UUID.fromString(created.body().get("id").asString());
        assertThat(created.body().get("runs")).hasSize(3);
        JsonNode comparison = awaitFinished(id);
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

    /**
     * With the noisy fake workers, every independently sampled stage gets its own verdicts: only
     * a shared base evaluation and shared first training samples make the members agree.
     */
    @Test
    void theBaseEvaluationAndTheFirstTrainingSamplesArePublishedOnceAndSharedByEveryMode() {
        Response created = create("""
                {"baseCheckpoint": "%s", "dataset": {"reference": "%s"}, "iterations": 2,
                 "samplesPerProblem": 4, "evaluation": {"kValues": [1, 2], "samplesPerProblem": 4}}"""
                .formatted(FakeWorkers.NOISY, Fixtures.MBPP_MINI));
        UUID id = UUID.fromString(created.body().get("id").asString());

        JsonNode comparison = awaitFinished(id);

        assertThat(comparison.get("state").asString()).isEqualTo("SUCCEEDED");
        List<UUID> members = members(comparison);
        // Members in creation order: the first (TEXTUAL) leads.
        assertThat(comparison.get("runs").findValuesAsString("feedbackMode"))
                .containsExactly("TEXTUAL", "BINARY", "NONE");
        UUID leader = members.get(0);
        // 4 held-out problems and 6 train problems, 2 per request: 2 + 3 shared requests, all the leader's.
        assertThat(sharedRequestsPublished(leader)).isEqualTo(5);
        assertThat(workers.requestsOf(leader)).filteredOn(ComparisonTest::shared)
                .extracting(GenerationRequest::requestId).doesNotHaveDuplicates().hasSize(5);
        JsonNode lead = run(leader);
        // The noisy verdicts are mixed, so independently sampled stages would differ.
        assertThat(lead.at("/iterations/1/train/outcomes").propertyNames()).hasSizeGreaterThan(1);
        List<List<Object>> leaderExamples = examples(leader, 1);
        assertThat(leaderExamples).hasSize(6 * 4);

        for (UUID member : members) {
            FeedbackMode mode = FeedbackMode.valueOf(run(member).at("/spec/feedbackMode").asString());
            List<TrainingRequest> jobs = workers.trainingRequests.stream().filter(r -> r.runId().equals(member))
                    .distinct().toList();
            assertThat(jobs).extracting(TrainingRequest::iteration).containsExactlyInAnyOrder(1, 2);
            assertThat(jobs).allSatisfy(job -> {
                assertThat(job.feedbackMode()).isEqualTo(mode);
                assertThat(job.dataset().uri()).startsWith("artifact:datasets/" + member + "/");
            });
            assertThat(examples(member, 1)).as("iteration 1's training examples of " + mode)
                    .isEqualTo(leaderExamples);
            if (member.equals(leader)) {
                continue;
            }
            assertThat(sharedRequestsPublished(member)).as("shared requests published for " + mode).isZero();
            assertThat(workers.requestsOf(member)).filteredOn(ComparisonTest::shared).isEmpty();
            // What each mode samples by itself: iteration 1's evaluation, all of iteration 2.
            assertThat(workers.requestsOf(member)).extracting(r -> r.iteration() + "/" + r.purpose())
                    .contains("1/EVAL", "2/TRAIN", "2/EVAL");
            JsonNode view = run(member);
            assertThat(view.at("/iterations/0/passAtK")).isEqualTo(lead.at("/iterations/0/passAtK"));
            assertThat(view.at("/iterations/0/evaluations")).isEqualTo(lead.at("/iterations/0/evaluations"));
            assertThat(view.at("/iterations/0/evaluation")).isEqualTo(lead.at("/iterations/0/evaluation"));
            assertThat(view.at("/iterations/1/train")).isEqualTo(lead.at("/iterations/1/train"));
            assertThat(view.at("/iterations/1/train/samples").asInt()).isEqualTo(6 * 4);
            // Copied under the member's own ids.
            assertThat(sampleIds(member, 0)).doesNotContainAnyElementsOf(sampleIds(leader, 0));
        }
        JsonNode base = comparison.at("/table/0");
        assertThat(base.get("iteration").asInt()).isZero();
        assertThat(values(base.get("passAtK"))).hasSize(1);
        assertThat(comparison.at("/train/0/iteration").asInt()).isEqualTo(1);
        assertThat(values(comparison.at("/train/0/successRate"))).hasSize(1);
    }

    @Test
    void whenTheLeaderIsCancelledBeforeTheSharedStagesTheNextMemberSamplesThemForTheRest() {
        Response created = create(oneIteration(FakeWorkers.HOLD_FIRST));
        UUID id = UUID.fromString(created.body().get("id").asString());
        List<UUID> members = members(created.body());
        UUID leader = members.get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> !workers.requestsOf(leader).isEmpty());
        // The others wait for the leader: nothing of theirs is queued.
        assertThat(outboxRows(members.get(1)) + outboxRows(members.get(2))).isZero();

        assertThat(post("/api/v1/runs/" + leader + "/cancel", null).status()).isEqualTo(200);

        JsonNode comparison = awaitFinished(id);
        assertThat(comparison.get("runs").findValuesAsString("state")).containsExactly("CANCELLED", "SUCCEEDED",
                "SUCCEEDED");
        UUID next = members.get(1);
        UUID last = members.get(2);
        assertThat(sharedRequestsPublished(next)).isEqualTo(2 + 3);
        assertThat(sharedRequestsPublished(last)).isZero();
        assertThat(copiedFrom(last)).hasSize(5).isSubsetOf(requestIds(next));
        JsonNode nextView = run(next);
        JsonNode lastView = run(last);
        assertThat(lastView.at("/iterations/0/passAtK")).isEqualTo(nextView.at("/iterations/0/passAtK"));
        assertThat(lastView.at("/iterations/1/train")).isEqualTo(nextView.at("/iterations/1/train"));
        assertThat(lastView.at("/iterations/1/train/samples").asInt()).isEqualTo(6 * 2);
    }

    /** {@link Fixtures#spec} with one iteration. */
    private static String oneIteration(String checkpoint) {
        return Fixtures.spec(checkpoint)
                .replace("\"samplesPerProblem\": 2", "\"iterations\": 1, \"samplesPerProblem\": 2");
    }

    private Response create(String runSpec) {
        Response created = post("/api/v1/comparisons", "{\"run\": " + runSpec + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created;
    }

    private static boolean shared(GenerationRequest request) {
        return request.iteration() == 0 || (request.iteration() == 1 && request.purpose() == SamplePurpose.TRAIN);
    }

    private JsonNode awaitFinished(UUID comparison) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> !get("/api/v1/comparisons/" + comparison).body().get("state").asString()
                        .equals("RUNNING"));
        return get("/api/v1/comparisons/" + comparison).body();
    }

    private static List<UUID> members(JsonNode comparison) {
        List<UUID> runs = new ArrayList<>();
        comparison.get("runs").forEach(run -> runs.add(UUID.fromString(run.get("runId").asString())));
        assertThat(runs).hasSize(3);
        return runs;
    }

    /** Generation requests of the shared stages ever queued for publication for the run. */
    private long sharedRequestsPublished(UUID run) {
        return jdbc.sql("""
                select count(distinct payload->>'requestId') from outbox
                where run_id = :run and type_id = 'generation-request'
                    and ((payload->>'iteration')::int = 0
                        or ((payload->>'iteration')::int = 1 and payload->>'purpose' = 'TRAIN'))""")
                .param("run", run).query(Long.class).single();
    }

    private long outboxRows(UUID run) {
        return jdbc.sql("select count(*) from outbox where run_id = :run").param("run", run).query(Long.class).single();
    }

    private List<UUID> copiedFrom(UUID run) {
        return jdbc.sql("select copied_from from generation_requests where run_id = :run and copied_from is not null")
                .param("run", run).query(UUID.class).list();
    }

    private List<UUID> requestIds(UUID run) {
        return jdbc.sql("select request_id from generation_requests where run_id = :run")
                .param("run", run).query(UUID.class).list();
    }

    private List<UUID> sampleIds(UUID run, int iteration) {
        return jdbc.sql("select sample_id from samples where run_id = :run and iteration = :i")
                .param("run", run).param("i", iteration).query(UUID.class).list();
    }

    /** The run's training examples of an iteration without their sample ids, in dataset order. */
    private List<List<Object>> examples(UUID run, int iteration) {
        TrainingRequest job = workers.trainingRequests.stream()
                .filter(r -> r.runId().equals(run) && r.iteration() == iteration).findFirst().orElseThrow();
        try {
            return Files.readAllLines(artifacts.get(job.dataset())).stream()
                    .map(line -> LetiJson.mapper().readValue(line, TrainingExample.class))
                    .map(e -> List.<Object>of(e.problemId(), e.prompt(), e.program(), e.outcome(), e.feedback()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Double> values(JsonNode byMode) {
        assertThat(byMode.propertyNames()).containsExactlyInAnyOrder("TEXTUAL", "BINARY", "NONE");
        Set<Double> values = new HashSet<>();
        byMode.forEach(value -> values.add(value.asDouble()));
        return values;
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
