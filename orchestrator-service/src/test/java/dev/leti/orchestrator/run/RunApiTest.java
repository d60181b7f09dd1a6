package dev.leti.orchestrator.run;

import static dev.leti.orchestrator.Fixtures.MBPP_BROKEN;
import static dev.leti.orchestrator.Fixtures.MBPP_MINI;
import static dev.leti.orchestrator.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.orchestrator.FakeWorkers;
import dev.leti.orchestrator.IntegrationTest;
import dev.leti.spring.messaging.LetiMessageDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;

/**
 * The REST API as a client sees it, over the real database and broker. Full context: creating a
 * run loads datasets, writes the database and publishes through the outbox to Kafka; the web
 * layer's own errors are RunControllerTest's.
 */
class RunApiTest extends IntegrationTest {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void creatingARunPersistsItAndPublishesTheBaseEvaluationsGenerationRequests() {
        Response created = post("/api/v1/runs", spec(FakeWorkers.HOLD));

        assertThat(created.status()).isEqualTo(201);
        UUID id = UUID.fromString(created.body().get("id").asString());
        assertThat(created.body().get("state").asString()).isEqualTo("RUNNING");
        assertThat(created.body().get("currentStage").asString()).isEqualTo("EVALUATING");
        assertThat(created.body().at("/spec/iterations").asInt()).isEqualTo(2);
        assertThat(created.body().at("/spec/feedbackMode").asString()).isEqualTo("TEXTUAL");
        assertThat(jdbc.sql("select count(*) from problems where run_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(10);

        List<GenerationRequest> requests = readRequestsOf(id, 2);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.iteration()).isZero();
            assertThat(r.purpose()).isEqualTo(SamplePurpose.EVAL);
            assertThat(r.rewardToken()).isEqualTo(RewardToken.NONE);
            assertThat(r.checkpointUri()).isEqualTo(FakeWorkers.HOLD);
            assertThat(r.sampling().temperature()).isEqualTo(0.2);
            assertThat(r.problems()).allSatisfy(p -> assertThat(p.samples()).isEqualTo(3));
        });
        assertThat(requests.stream().flatMap(r -> r.problems().stream()).map(p -> p.problemId()))
                .containsExactlyInAnyOrder("test/11", "test/12", "test/13", "test/14");
        Response view = get("/api/v1/runs/" + id);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().at("/progress/total").asInt()).isEqualTo(12);
    }

    private List<GenerationRequest> readRequestsOf(UUID run, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "api-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<GenerationRequest> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new LetiMessageDeserializer())) {
            consumer.subscribe(List.of(LetiTopics.GENERATION_REQUESTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() instanceof GenerationRequest r && r.runId().equals(run)) {
                        // keyed by request, so that a run's requests spread over every generator replica
                        assertThat(record.key()).isEqualTo(r.requestId().toString());
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    @Test
    void anEmptyBodyStartsARunWithTheDemoDefaultsOnTheBuiltInProblemSet() {
        Response created = post("/api/v1/runs", null);

        assertThat(created.status()).isEqualTo(201);
        JsonNode spec = created.body().get("spec");
        assertThat(spec.at("/dataset/reference").asString()).isEqualTo("builtin:leti-tiny");
        assertThat(spec.at("/baseCheckpoint").asString()).isEqualTo("builtin:leti-tiny");
        assertThat(spec.at("/evaluation/rewardToken").asString()).isEqualTo("GOOD");
        UUID id = UUID.fromString(created.body().get("id").asString());
        assertThat(problemsIn(id, "train")).isEqualTo(238);
        assertThat(problemsIn(id, "test")).isEqualTo(119);
        post("/api/v1/runs/" + id + "/cancel", null);
    }

    @Test
    void aDatasetMayBeGivenAsAPlainReference() {
        Response created = post("/api/v1/runs", "{\"baseCheckpoint\": \"" + FakeWorkers.HOLD + "\", \"dataset\": \""
                + MBPP_MINI + "\", \"evaluation\": {\"kValues\": [1]}}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/spec/dataset/reference").asString()).isEqualTo(MBPP_MINI);
        assertThat(created.body().at("/spec/dataset/trainSplit").asString()).isEqualTo("train");
        post("/api/v1/runs/" + created.body().get("id").asString() + "/cancel", null);
    }

    private long problemsIn(UUID run, String set) {
        return jdbc.sql("select count(*) from problems where run_id = :id and problem_set = :set")
                .param("id", run).param("set", set).query(Long.class).single();
    }

    /** The rules the service checks against datasets, checkpoints and across fields; the rest: RunControllerTest. */
    @Test
    void specsTheServiceRejectsAreBadRequestsNamingTheFields() {
        assertBadRequest("{\"dataset\": {\"reference\": \"/no/such/mbpp.jsonl\"}}", "dataset.reference");
        assertThat(assertBadRequest("{\"dataset\": {\"reference\": \"/etc/passwd\"}}", "dataset.reference")
                .text()).contains("outside the dataset roots");
        assertThat(assertBadRequest("{\"execution\": {\"memoryBytes\": 8589934592}}", "execution.memoryBytes")
                .text()).contains("at most 2147483648");
        assertBadRequest("{\"execution\": {\"timeoutMillis\": 120000}}", "execution.timeoutMillis");
        assertBadRequest("{\"execution\": {\"maxProcesses\": 1000}}", "execution.maxProcesses");
        assertBadRequest("{\"dataset\": {\"reference\": \"" + MBPP_MINI + "\", \"trainSplit\": \"nope\"}}",
                "dataset.trainSplit");
        assertBadRequest("{\"dataset\": {\"reference\": \"" + MBPP_MINI + "\"}, \"evaluation\": {\"kValues\": [9]}}",
                "evaluation.kValues");
        assertBadRequest("{\"baseCheckpoint\": \"http://elsewhere\"}", "baseCheckpoint");
        assertBadRequest("{\"feedbackMode\": \"NONE\", \"evaluation\": {\"rewardToken\": \"GOOD\"}}",
                "evaluation.rewardToken");
        assertBadRequest("{\"training\": {\"lora\": {\"targetModules\": [\"q_proj\", \"qkv\"]}}}",
                "training.lora.targetModules");
        assertBadRequest("{\"feedbackMode\": \"NONE\", \"evaluation\": {\"extraDatasets\": ["
                + "{\"name\": \"test/none\", \"reference\": \"builtin:leti-tiny\", \"rewardToken\": \"NONE\"}, "
                + "{\"name\": \"test/bad\", \"reference\": \"builtin:leti-tiny\", \"rewardToken\": \"BAD\"}]}}",
                "evaluation.extraDatasets[1].rewardToken");
    }

    @Test
    void aMalformedDatasetLineIsReportedWithItsNumber() {
        Response response = assertBadRequest("{\"dataset\": {\"reference\": \""
                + MBPP_BROKEN + "\"}}", "dataset.reference");
        assertThat(response.body().get("detail").asString()).contains("line 3");
    }

    @Test
    void aModelDirectoryOnTheModelsVolumeIsCheckedBeforeTheRunStarts(@TempDir Path models) throws Exception {
        Path model = Files.createDirectories(models.resolve("tiny-qwen"));
        String reference = "file:" + model;
        Response empty = assertBadRequest("{\"baseCheckpoint\": \"" + reference + "\"}", "baseCheckpoint");
        assertThat(empty.body().get("detail").asString()).contains("no config.json", "no tokenizer.json",
                "no model.safetensors or model.safetensors.index.json");

        Files.writeString(model.resolve("config.json"), "{\"model_type\": ");
        Files.writeString(model.resolve("tokenizer.json"), "{}");
        Files.writeString(model.resolve("model.safetensors.index.json"), "{}");
        Response broken = assertBadRequest("{\"baseCheckpoint\": \"" + reference + "\"}", "baseCheckpoint");
        assertThat(broken.body().get("detail").asString()).contains("config.json is not valid JSON");

        assertBadRequest("{\"baseCheckpoint\": \"file:relative/dir\"}", "baseCheckpoint");
        assertBadRequest("{\"baseCheckpoint\": \"file:" + models.resolve("absent") + "\"}", "baseCheckpoint");

        Files.writeString(model.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        Response created = post("/api/v1/runs", "{\"baseCheckpoint\": \"" + reference + "\", \"dataset\": \""
                + MBPP_MINI + "\", \"evaluation\": {\"kValues\": [1]}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/spec/baseCheckpoint").asString()).isEqualTo(reference);
        post("/api/v1/runs/" + created.body().get("id").asString() + "/cancel", null);
    }

    private Response assertBadRequest(String json, String... expectedFields) {
        Response response = post("/api/v1/runs", json);
        assertThat(response.status()).as(json).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(fields(response)).as(json).containsExactlyInAnyOrder(expectedFields);
        assertThat(response.body().get("detail").asString()).contains(expectedFields);
        return response;
    }

    private static List<String> fields(Response response) {
        List<String> fields = new ArrayList<>();
        response.body().path("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    @Test
    void unknownRunsAreNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThat(get("/api/v1/runs/" + unknown).status()).isEqualTo(404);
        assertThat(get("/api/v1/runs/" + unknown + "/iterations/0/samples").status()).isEqualTo(404);
        assertThat(post("/api/v1/runs/" + unknown + "/cancel", null).status()).isEqualTo(404);
    }

    @Test
    void cancellingStopsARunOnceAndDropsItsUnsentMessages() {
        UUID id = createRun(spec(FakeWorkers.HOLD));

        Response cancelled = post("/api/v1/runs/" + id + "/cancel", null);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.body().get("finishedAt").isNull()).isFalse();
        assertThat(post("/api/v1/runs/" + id + "/cancel", null).status()).isEqualTo(409);
        // What was not sent yet is dropped; what goes out instead is the cancellation itself, for the workers.
        assertThat(jdbc.sql("select type_id from outbox where run_id = :id and sent_at is null").param("id", id)
                .query(String.class).list()).isSubsetOf("run-cancelled");
    }

    @Test
    void listsRunsNewestFirstInPages() {
        UUID older = createRun(spec(FakeWorkers.HOLD));
        UUID newer = createRun(spec(FakeWorkers.HOLD));

        JsonNode page = get("/api/v1/runs?size=2&page=0").body();

        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("totalElements").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(page.get("content")).hasSize(2);
        assertThat(page.at("/content/0/id").asString()).isEqualTo(newer.toString());
        assertThat(page.at("/content/1/id").asString()).isEqualTo(older.toString());
        assertThat(page.at("/content/0/currentStage").asString()).isEqualTo("EVALUATING");
        JsonNode running = get("/api/v1/runs?state=RUNNING&size=200").body();
        running.get("content").forEach(run -> assertThat(run.get("state").asString()).isEqualTo("RUNNING"));
        List.of(older, newer).forEach(id -> post("/api/v1/runs/" + id + "/cancel", null));
    }

    @Test
    void servesOpenApiAndOnlyTheChosenActuatorEndpoints() {
        Response openApi = get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body().get("paths").propertyNames()).contains("/api/v1/runs", "/api/v1/runs/{id}",
                "/api/v1/runs/{id}/cancel", "/api/v1/runs/{id}/iterations/{n}/samples", "/api/v1/comparisons",
                "/api/v1/comparisons/{id}");
        assertThat(get("/actuator/health").status()).isEqualTo(200);
        assertThat(get("/livez").status()).isEqualTo(200);
        assertThat(get("/readyz").status()).isEqualTo(200);
        assertThat(get("/actuator/env").status()).isEqualTo(404);
        assertThat(get("/actuator/beans").status()).isEqualTo(404);
    }
}
