package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leti.local.client.RunStatus;
import dev.leti.model.HfFixtures;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.config.ModelConfig;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LeTI loop end to end on a reduced setting (4 train problems, 3 held-out problems, 2 samples
 * each, one iteration), run the way a user runs it: {@code leti-local.jar demo} over the real broker,
 * database, sandbox and built-in model. On the same stack, a run on the real MBPP and HumanEval
 * files (when the shared datasets are present), and runs from Hugging Face-shaped Qwen2 and Llama 3
 * model directories. Then kill -9 of the launcher, which must leave no
 * service JVM. The steps share one stack, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LetiLoopIT {

    static final int TRAIN_PROBLEMS = 4;
    static final int EVAL_PROBLEMS = 3;
    static final int SAMPLES = 2;
    private static final Pattern RUN_ID = Pattern.compile("run ([0-9a-f-]{36}) started");

    /** Static: the steps share the stack under it (an instance field gets a new directory per step). */
    @TempDir
    static Path temp;

    private LauncherProcess launcher;
    private ApiProbe api;

    static String reducedSpec(String name, String baseCheckpoint, int iterations, int trainProblems, int evalProblems,
                              int samples) {
        return reducedSpec(name, baseCheckpoint, iterations, trainProblems, evalProblems, samples, "{\"epochs\": 1}");
    }

    /** {@code training}: the spec's training block, JSON. */
    static String reducedSpec(String name, String baseCheckpoint, int iterations, int trainProblems, int evalProblems,
                              int samples, String training) {
        return """
                {
                  "name": "%s",
                  "baseCheckpoint": "%s",
                  "feedbackMode": "TEXTUAL",
                  "iterations": %d,
                  "samplesPerProblem": %d,
                  "dataset": {"maxTrainProblems": %d, "maxEvalProblems": %d},
                  "sampling": {"maxNewTokens": 96},
                  "evaluation": {"kValues": [1, 2], "samplesPerProblem": %d, "sampling": {"maxNewTokens": 96}},
                  "training": %s
                }
                """.formatted(name, baseCheckpoint, iterations, samples, trainProblems, evalProblems, samples, training);
    }

    @Test
    @Order(1)
    void theDemoCommandRunsTheLoopAndReportsPassAtKPerIteration() throws Exception {
        Path report = temp.resolve("report.md");
        launcher = new LauncherProcess(temp.resolve("stack"));
        Path spec = Files.writeString(temp.resolve("spec.json"),
                reducedSpec("e2e", launcher.baseCheckpoint(), 1, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES));

        launcher.start("demo", "--spec", spec.toString(), "--report", report.toString(), "--keep-running");
        launcher.awaitConsole("leti-local stays up", Duration.ofMinutes(12));

        String console = launcher.console();
        assertThat(console).contains("iteration 0 done: pass@1", "iteration 1 done: pass@1", "0 (base)",
                "Held-out pass@1 after iteration 1 vs the base", "wall time:");
        assertThat(Files.readString(report)).contains("| 0 (base) |", "| 1 |", "xychart-beta", "## Where the time went");

        UUID id = runId(console);
        api = new ApiProbe(launcher.orchestratorUrl(), StackSettings.DEFAULT_API_KEY);
        RunStatus run = api.run(id);
        assertThat(run.state()).isEqualTo("SUCCEEDED");
        assertThat(run.iterations()).extracting(RunStatus.Iteration::number).containsExactly(0, 1);
        for (RunStatus.Iteration iteration : run.iterations()) {
            assertThat(iteration.evaluations()).as("pass@k of iteration " + iteration.number())
                    .extracting(RunStatus.EvaluationRow::k).contains(1, 2);
            assertThat(iteration.evaluations()).allSatisfy(row -> {
                assertThat(row.problems()).isEqualTo(EVAL_PROBLEMS);
                assertThat(row.passAtK()).isBetween(0.0, 1.0);
            });
            assertThat(api.samples(id, iteration.number(), "EVAL"))
                    .isEqualTo(new ApiProbe.SampleCounts(EVAL_PROBLEMS * SAMPLES, EVAL_PROBLEMS * SAMPLES, EVAL_PROBLEMS * SAMPLES));
        }
        RunStatus.Iteration first = run.iterations().get(1);
        assertThat(api.samples(id, 1, "TRAIN"))
                .isEqualTo(new ApiProbe.SampleCounts(TRAIN_PROBLEMS * SAMPLES, TRAIN_PROBLEMS * SAMPLES, TRAIN_PROBLEMS * SAMPLES));
        assertThat(first.train().results()).isEqualTo(TRAIN_PROBLEMS * SAMPLES);
        assertThat(first.training().status()).isEqualTo("SUCCEEDED");
        assertThat(first.checkpoint()).startsWith("artifact:");
    }

    /**
     * MBPP's train split to learn from, MBPP's test split and HumanEval to evaluate on (a few
     * problems of each): the real files through loader, generator, executor, trainer and pass@k.
     */
    @Test
    @Order(2)
    void aRunOnTheRealMbppAndHumanEvalFilesGoesThroughTheWholeLoop() throws Exception {
        assertThat(api).as("the stack of the demo step").isNotNull();
        Path datasets = Path.of(System.getProperty("leti.shared.datasets", "../../shared/datasets")).toAbsolutePath();
        assumeTrue(Files.isReadable(datasets.resolve("mbpp.jsonl"))
                && Files.isReadable(datasets.resolve("humaneval.jsonl")), "shared datasets absent under " + datasets);
        String spec = """
                {
                  "name": "real datasets",
                  "baseCheckpoint": "%s",
                  "iterations": 1,
                  "samplesPerProblem": %d,
                  "dataset": {"reference": "%s", "trainSplit": "train", "evalSplit": "test",
                              "maxTrainProblems": %d, "maxEvalProblems": %d},
                  "sampling": {"maxNewTokens": 64},
                  "evaluation": {"kValues": [1], "samplesPerProblem": %d, "sampling": {"maxNewTokens": 64},
                                 "extraDatasets": [{"name": "humaneval", "reference": "%s", "maxProblems": %d}]},
                  "training": {"epochs": 1}
                }
                """.formatted(launcher.baseCheckpoint(), SAMPLES, datasets.resolve("mbpp.jsonl"), TRAIN_PROBLEMS,
                EVAL_PROBLEMS, SAMPLES, datasets.resolve("humaneval.jsonl"), EVAL_PROBLEMS);
        UUID id = api.client().createRun(api.client().mapper().readTree(spec)).id();

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String state = api.run(id).state();
            assertThat(state).as("run " + id).isNotIn("FAILED", "CANCELLED");
            return state.equals("SUCCEEDED");
        });
        RunStatus run = api.run(id);
        assertThat(run.iterations()).extracting(RunStatus.Iteration::number).containsExactly(0, 1);
        for (RunStatus.Iteration iteration : run.iterations()) {
            assertThat(iteration.evaluations()).as("pass@1 per evaluation set, iteration " + iteration.number())
                    .extracting(RunStatus.EvaluationRow::split, RunStatus.EvaluationRow::k, RunStatus.EvaluationRow::problems)
                    .containsExactlyInAnyOrder(tuple("test", 1, EVAL_PROBLEMS),
                            tuple("humaneval", 1, EVAL_PROBLEMS));
            long evalSamples = 2L * EVAL_PROBLEMS * SAMPLES;
            assertThat(api.samples(id, iteration.number(), "EVAL"))
                    .isEqualTo(new ApiProbe.SampleCounts(evalSamples, evalSamples, evalSamples));
        }
        RunStatus.Iteration first = run.iterations().get(1);
        assertThat(first.train().results()).isEqualTo(TRAIN_PROBLEMS * SAMPLES);
        assertThat(first.training().status()).isEqualTo("SUCCEEDED");
    }

    /**
     * A Hugging Face model directory as users bring one (here a Qwen2-shaped and a Llama-3-shaped
     * random-weight fixture: bf16 shards, a BPE tokenizer.json with merges, no LeTI tokens) runs a
     * LeTI iteration through the services: generator, executor, trainer, then the generator on the
     * trained checkpoint for iteration 1's evaluation. The published checkpoint reloads as it is.
     */
    @Test
    @Order(3)
    void aQwen2AndALlama3ModelDirectoryGoThroughTheLoop() throws Exception {
        assertThat(api).as("the stack of the demo step").isNotNull();
        for (var family : Map.of("qwen2", HfFixtures.qwen2(temp.resolve("models/qwen2")),
                "llama3", HfFixtures.llama3(temp.resolve("models/llama3"))).entrySet()) {
            String spec = reducedSpec("hf " + family.getKey(), "file:" + family.getValue().directory().toAbsolutePath(),
                    1, 2, 2, SAMPLES);
            UUID id = api.client().createRun(api.client().mapper().readTree(spec)).id();
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                String state = api.run(id).state();
                assertThat(state).as(family.getKey() + " run " + id).isNotIn("FAILED", "CANCELLED");
                return state.equals("SUCCEEDED");
            });
            RunStatus.Iteration first = api.run(id).iterations().get(1);
            assertThat(first.training().status()).isEqualTo("SUCCEEDED");
            assertThat(api.samples(id, 1, "EVAL")).as("sampled from the trained checkpoint")
                    .isEqualTo(new ApiProbe.SampleCounts(2L * SAMPLES, 2L * SAMPLES, 2L * SAMPLES));

            Path published = temp.resolve("stack/artifacts").resolve(first.checkpoint().substring("artifact:".length()));
            try (LanguageModel model = LanguageModel.load(published.toString(), ModelOptions.cpu())) {
                assertThat(model.config().family()).isEqualTo(family.getValue().config().family());
                assertThat(model.config().storage()).isEqualTo(ModelConfig.Storage.BFLOAT16);
                assertThat(model.tokenizer().addedTokenIds()).as("the LeTI tokens were saved with it").isEmpty();
            }
        }
    }

    @Test
    @Order(4)
    void killMinusNineOfTheLauncherLeavesNoServiceRunning() throws Exception {
        assertThat(launcher).as("the stack of the demo step").isNotNull();
        Map<String, Long> services = launcher.servicePids();
        assertThat(services).hasSize(4);
        launcher.kill9();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> services.forEach((service, pid) ->
                assertThat(LauncherProcess.alive(pid)).as(service + " (pid " + pid + ") after kill -9 of the launcher").isFalse()));
    }

    @AfterAll
    void stopWhatIsLeft() throws InterruptedException {
        if (launcher != null && launcher.process().isAlive()) {
            launcher.kill9();
        }
    }

    static UUID runId(String console) {
        Matcher matcher = RUN_ID.matcher(console);
        assertThat(matcher.find()).as("run id on the console").isTrue();
        return UUID.fromString(matcher.group(1));
    }
}
