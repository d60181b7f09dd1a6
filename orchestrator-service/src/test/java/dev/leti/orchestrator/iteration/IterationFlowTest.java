package dev.leti.orchestrator.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.orchestrator.FakeWorkers;
import dev.leti.orchestrator.Fixtures;
import dev.leti.orchestrator.IntegrationTest;
import dev.leti.spring.artifact.ArtifactStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The iteration state machine over the real database and broker, with the fake workers:
 * 6 train and 4 held-out problems, 4 samples each; sample i of iteration t passes when i <= t.
 * Full context: the scheduled engine, the outbox relay and the listeners drive whole iterations.
 */
class IterationFlowTest extends IntegrationTest {

    static final int TRAIN_PROBLEMS = 6;
    static final int EVAL_PROBLEMS = 4;
    static final int N = 4;

    @Autowired
    ArtifactStore artifacts;

    static String spec(String checkpoint, int iterations) {
        return """
                {"baseCheckpoint": "%s", "dataset": {"reference": "%s"}, "iterations": %d, "samplesPerProblem": %d,
                 "feedbackMode": "BINARY", "evaluation": {"kValues": [1, 2], "samplesPerProblem": %d}}"""
                .formatted(checkpoint, Fixtures.MBPP_MINI, iterations, N, N);
    }

    @Test
    void runsTheBaseEvaluationThenTwoIterationsAndRecordsEveryMetricOnce() throws Exception {
        UUID id = createRun(spec(FakeWorkers.NORMAL, 2));

        JsonNode run = awaitState(id, "SUCCEEDED");

        assertThat(run.get("currentIteration").asInt()).isEqualTo(2);
        assertThat(run.get("currentStage").asString()).isEqualTo("DONE");
        JsonNode iterations = run.get("iterations");
        assertThat(iterations).hasSize(3);
        // pass@1 = (t+1)/4 on every held-out problem; pass@2 = 1 - C(4-c, 2) / C(4, 2).
        double[] passAt1 = {0.25, 0.5, 0.75};
        double[] passAt2 = {0.5, 1 - 1 / 6.0, 1.0};
        for (int t = 0; t <= 2; t++) {
            JsonNode it = iterations.get(t);
            assertThat(it.get("stage").asString()).isEqualTo("DONE");
            assertThat(it.at("/passAtK/test/1").asDouble()).isCloseTo(passAt1[t], within(1e-9));
            assertThat(it.at("/passAtK/test/2").asDouble()).isCloseTo(passAt2[t], within(1e-9));
            assertThat(it.at("/evaluation/samples").asInt()).isEqualTo(EVAL_PROBLEMS * N);
            assertThat(it.at("/evaluation/results").asInt()).isEqualTo(EVAL_PROBLEMS * N);
        }
        JsonNode first = iterations.get(1);
        // Train samples of iteration 1: indexes 0, 1 pass; 2 fails an assert; 3 is a sandbox error.
        assertThat(first.at("/train/samples").asInt()).isEqualTo(TRAIN_PROBLEMS * N);
        assertThat(first.at("/train/successRate").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(first.at("/train/outcomes/PASSED").asInt()).isEqualTo(12);
        assertThat(first.at("/train/outcomes/FAILED").asInt()).isEqualTo(6);
        assertThat(first.at("/train/outcomes/SANDBOX_ERROR").asInt()).isEqualTo(6);
        assertThat(first.at("/train/exceptionTypes/AssertionError").asInt()).isEqualTo(6);
        assertThat(first.get("tokensGenerated").asLong())
                .isEqualTo((long) (TRAIN_PROBLEMS + EVAL_PROBLEMS) * N * FakeWorkers.COMPLETION_TOKENS);
        assertThat(first.at("/training/status").asString()).isEqualTo("SUCCEEDED");
        assertThat(first.at("/training/examples").asInt()).isEqualTo(18);
        assertThat(first.at("/training/finalLoss").asDouble()).isEqualTo(0.5);
        assertThat(first.get("stageSeconds").propertyNames())
                .containsExactlyInAnyOrder("GENERATING", "BUILDING_DATASET", "TRAINING", "EVALUATING");
        assertThat(first.get("checkpoint").asString()).isEqualTo("artifact:checkpoints/" + id + "/iteration-1");
        assertThat(iterations.get(0).get("checkpoint").asString()).isEqualTo(FakeWorkers.NORMAL);

        // Every sample was delivered twice and stored once.
        assertThat(count("samples", id)).isEqualTo(3L * EVAL_PROBLEMS * N + 2L * TRAIN_PROBLEMS * N);
        assertThat(count("execution_results", id)).isEqualTo(count("samples", id));

        assertRewardTokensAndCheckpoints(id);
        assertTrainingDatasets(id);
    }

    /** LeTI: no reward token for the base model; {@code <|good|>} for training samples from iteration 2. */
    private void assertRewardTokensAndCheckpoints(UUID id) {
        List<GenerationRequest> requests = workers.requestsOf(id);
        assertThat(requests).filteredOn(r -> r.iteration() == 0).allMatch(r -> r.rewardToken() == RewardToken.NONE
                && r.purpose() == SamplePurpose.EVAL);
        assertThat(requests).filteredOn(r -> r.iteration() == 1 && r.purpose() == SamplePurpose.TRAIN)
                .isNotEmpty().allMatch(r -> r.rewardToken() == RewardToken.NONE
                        && r.checkpointUri().equals(FakeWorkers.NORMAL) && r.sampling().temperature() == 1.0);
        assertThat(requests).filteredOn(r -> r.iteration() == 2 && r.purpose() == SamplePurpose.TRAIN)
                .isNotEmpty().allMatch(r -> r.rewardToken() == RewardToken.GOOD
                        && r.checkpointUri().equals("artifact:checkpoints/" + id + "/iteration-1"));
        assertThat(requests).filteredOn(r -> r.iteration() >= 1 && r.purpose() == SamplePurpose.EVAL)
                .isNotEmpty().allMatch(r -> r.rewardToken() == RewardToken.GOOD);
    }

    private void assertTrainingDatasets(UUID id) throws Exception {
        List<TrainingRequest> jobs = workers.trainingRequests.stream().filter(r -> r.runId().equals(id))
                .sorted(java.util.Comparator.comparingInt(TrainingRequest::iteration)).distinct().toList();
        assertThat(jobs).extracting(TrainingRequest::iteration).containsExactly(1, 2);
        assertThat(jobs.get(0).baseCheckpoint().uri()).isEqualTo(FakeWorkers.NORMAL);
        assertThat(jobs.get(1).baseCheckpoint().uri()).isEqualTo("artifact:checkpoints/" + id + "/iteration-1");
        assertThat(jobs.get(1).baseCheckpoint().sha256()).isNotNull();
        assertThat(jobs).allMatch(r -> r.feedbackMode() == FeedbackMode.BINARY);

        TrainingRequest first = jobs.get(0);
        assertThat(first.dataset().uri()).isEqualTo("artifact:datasets/" + id + "/iteration-1.jsonl");
        // The store verifies the request's SHA-256 against the content.
        List<TrainingExample> examples = Files.readAllLines(artifacts.get(first.dataset())).stream()
                .map(line -> LetiJson.mapper().readValue(line, TrainingExample.class)).toList();
        assertThat(examples).hasSize(18).noneMatch(e -> e.outcome() == Outcome.SANDBOX_ERROR);
        assertThat(examples).filteredOn(e -> e.outcome() == Outcome.FAILED).hasSize(6)
                .allMatch(e -> e.feedback().contains("AssertionError"));
        assertThat(examples).allMatch(e -> e.prompt().startsWith("\"\"\"\n") && e.problemId().startsWith("train/"));
    }

    @Test
    void trainsOnMbppAndEvaluatesOnMbppTestAndHumanEval() {
        UUID id = createRun("""
                {"baseCheckpoint": "%s", "dataset": {"reference": "%s", "format": "MBPP"}, "iterations": 1,
                 "samplesPerProblem": 2, "evaluation": {"kValues": [1], "samplesPerProblem": 2,
                 "extraDatasets": [{"reference": "%s", "maxProblems": 2}]}}"""
                .formatted(FakeWorkers.NORMAL, Fixtures.MBPP_MINI, Fixtures.HUMANEVAL_MINI));

        JsonNode run = awaitState(id, "SUCCEEDED");

        assertThat(run.at("/spec/evaluation/extraDatasets/0/name").asString()).isEqualTo("humaneval-mini/test");
        // The held-out split comes first, then the extra sets in spec order.
        assertThat(run.at("/iterations/0/passAtK").propertyNames()).containsExactly("test", "humaneval-mini/test");
        assertThat(run.at("/iterations/0/evaluations/0/split").asString()).isEqualTo("test");
        assertThat(run.at("/iterations/1/passAtK/humaneval-mini~1test/1").asDouble()).isEqualTo(1.0);
        assertThat(run.at("/iterations/0/evaluations").findValuesAsString("split")).contains("humaneval-mini/test");
        var humanEval = workers.requestsOf(id).stream()
                .flatMap(r -> r.problems().stream().map(p -> java.util.Map.entry(r, p)))
                .filter(e -> e.getValue().problemId().startsWith("humaneval-mini/test/")).toList();
        assertThat(humanEval).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getKey().purpose()).isEqualTo(SamplePurpose.EVAL);
            assertThat(e.getKey().stopSequences()).contains("\ndef ");
            assertThat(e.getValue().execution().format()).isEqualTo(dev.leti.contracts.ProblemFormat.HUMANEVAL);
            assertThat(e.getValue().execution().entryPoint()).startsWith("inc_");
            assertThat(e.getValue().execution().prompt()).startsWith("def inc_");
        });
        assertThat(humanEval.stream().map(e -> e.getValue().problemId()).distinct())
                .containsExactlyInAnyOrder("humaneval-mini/test/HumanEval/0", "humaneval-mini/test/HumanEval/1");
    }

    @Test
    void theBaseEvaluationOfASetThatDiffersOnlyByItsRewardTokenIsSampledOnceAndScoredForBoth() {
        UUID id = createRun("""
                {"baseCheckpoint": "%s", "dataset": {"reference": "%s"}, "iterations": 1, "samplesPerProblem": %d,
                 "feedbackMode": "BINARY", "evaluation": {"kValues": [1], "samplesPerProblem": %d,
                 "extraDatasets": [{"name": "test/bad", "reference": "%s", "split": "test", "rewardToken": "BAD"}]}}"""
                .formatted(FakeWorkers.NORMAL, Fixtures.MBPP_MINI, N, N, Fixtures.MBPP_MINI));

        JsonNode run = awaitState(id, "SUCCEEDED");

        var evaluations = workers.requestsOf(id).stream().filter(r -> r.purpose() == SamplePurpose.EVAL).toList();
        var badSet = evaluations.stream()
                .filter(r -> r.problems().stream().anyMatch(p -> p.problemId().startsWith("test/bad/"))).toList();
        assertThat(badSet).isNotEmpty().allSatisfy(r -> {
            assertThat(r.iteration()).isEqualTo(1);
            assertThat(r.rewardToken()).isEqualTo(RewardToken.BAD);
        });
        assertThat(evaluations.stream().filter(r -> r.iteration() == 0)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.rewardToken()).isEqualTo(RewardToken.NONE));
        assertThat(count("samples", id)).isEqualTo(3L * EVAL_PROBLEMS * N + TRAIN_PROBLEMS * N);
        assertThat(run.at("/iterations/0/passAtK/test~1bad/1").asDouble())
                .isEqualTo(run.at("/iterations/0/passAtK/test/1").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(run.at("/iterations/1/passAtK/test~1bad/1").asDouble()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aGenerationRequestThatIsNotAnsweredIsPublishedAgainWithTheSameId() {
        UUID id = createRun(spec(FakeWorkers.HOLD_FIRST, 1));

        JsonNode run = awaitState(id, "SUCCEEDED");

        assertThat(run.at("/iterations/1/passAtK/test/1").asDouble()).isCloseTo(0.5, within(1e-9));
        // Requests naming the hold-first checkpoint (base evaluation, first training samples) went out twice.
        var deliveries = workers.requestsOf(id).stream()
                .filter(r -> r.checkpointUri().equals(FakeWorkers.HOLD_FIRST))
                .collect(java.util.stream.Collectors.groupingBy(GenerationRequest::requestId,
                        java.util.stream.Collectors.counting()));
        assertThat(deliveries).hasSize(5).allSatisfy((request, times) -> assertThat(times).isGreaterThanOrEqualTo(2));
        assertThat(count("samples", id)).isEqualTo(2L * EVAL_PROBLEMS * N + TRAIN_PROBLEMS * N);
    }

    @Test
    void aGenerationFailureIsRetriedThenFailsTheRunWithItsReason() {
        UUID id = createRun(spec(FakeWorkers.FAIL_GENERATION, 1));

        JsonNode run = awaitState(id, "FAILED");

        assertThat(run.get("failureReason").asString()).contains("EVAL sampling of iteration 0 failed after 4 attempts")
                .contains("checkpoint " + FakeWorkers.FAIL_GENERATION + " is corrupt");
        UUID failedRequest = workers.requestsOf(id).get(0).requestId();
        assertThat(workers.requestsOf(id)).filteredOn(r -> r.requestId().equals(failedRequest)).hasSize(4);
    }

    @Test
    void aFailedTrainingJobFailsTheRunWithItsReason() {
        UUID id = createRun(spec(FakeWorkers.FAIL_TRAINING, 1));

        JsonNode run = awaitState(id, "FAILED");

        assertThat(run.get("failureReason").asString()).isEqualTo("training of iteration 1 failed: out of memory");
        assertThat(run.get("currentStage").asString()).isEqualTo("TRAINING");
        assertThat(run.at("/iterations/1/stageSeconds/GENERATING").isNumber()).isTrue();
    }

    @Test
    void aRunCanBeCancelledWhileItWaits() {
        UUID id = createRun(spec(FakeWorkers.HOLD, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !workers.requestsOf(id).isEmpty());

        JsonNode cancelled = post("/api/v1/runs/" + id + "/cancel", null).body();

        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("currentStage").asString()).isEqualTo("EVALUATING");
        assertThat(run(id).get("state").asString()).isEqualTo("CANCELLED");
    }

    JsonNode awaitState(UUID id, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String current = run(id).get("state").asString();
            if (!current.equals("RUNNING") && !current.equals(state)) {
                throw new AssertionError("run ended " + current + ": " + run(id).get("failureReason"));
            }
            return current.equals(state);
        });
        return run(id);
    }

    long count(String table, UUID run) {
        return jdbc.sql("select count(*) from " + table + " where run_id = :run").param("run", run)
                .query(Long.class).single();
    }
}
