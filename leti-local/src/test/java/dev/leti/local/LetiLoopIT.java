package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leti.local.client.RunStatus;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LeTI loop end to end on a reduced setting (4 train problems, 3 held-out problems, 2 samples
 * each, one iteration), run the way a user runs it: {@code leti-local.jar demo} over the real broker,
 * database, sandbox and built-in model. Then kill -9 of the launcher, which must leave no service JVM.
 */
class LetiLoopIT {

    static final int TRAIN_PROBLEMS = 4;
    static final int EVAL_PROBLEMS = 3;
    static final int SAMPLES = 2;
    private static final Pattern RUN_ID = Pattern.compile("run ([0-9a-f-]{36}) started");

    @TempDir
    Path temp;

    static String reducedSpec(String name, String baseCheckpoint, int iterations, int trainProblems, int evalProblems,
                              int samples) {
        return """
                {
                  "name": "%s",
                  "baseCheckpoint": "%s",
                  "feedbackMode": "TEXTUAL",
                  "iterations": %d,
                  "samplesPerProblem": %d,
                  "dataset": {"maxTrainProblems": %d, "maxEvalProblems": %d},
                  "sampling": {"maxNewTokens": 96},
                  "evaluation": {"kValues": [1, 2], "samplesPerProblem": %d, "maxNewTokens": 96},
                  "training": {"epochs": 1}
                }
                """.formatted(name, baseCheckpoint, iterations, samples, trainProblems, evalProblems, samples);
    }

    @Test
    void theDemoCommandRunsTheLoopAndReportsPassAtKPerIteration() throws Exception {
        Path report = temp.resolve("report.md");
        LauncherProcess launcher = new LauncherProcess(temp.resolve("stack"));
        Path spec = Files.writeString(temp.resolve("spec.json"),
                reducedSpec("e2e", launcher.baseCheckpoint(), 1, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES));

        launcher.start("demo", "--spec", spec.toString(), "--report", report.toString(), "--keep-running");
        launcher.awaitConsole("leti-local stays up", Duration.ofMinutes(12));

        String console = launcher.console();
        assertThat(console).contains("iteration 0 done: pass@1", "iteration 1 done: pass@1", "0 (base)",
                "Held-out pass@1 after iteration 1 vs the base", "wall time:");
        assertThat(Files.readString(report)).contains("| 0 (base) |", "| 1 |", "xychart-beta", "## Where the time went");

        UUID id = runId(console);
        ApiProbe api = new ApiProbe(launcher.orchestratorUrl(), StackSettings.DEFAULT_API_KEY);
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

        Map<String, Long> services = launcher.servicePids();
        assertThat(services).hasSize(4);
        launcher.kill9();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> services.forEach((service, pid) ->
                assertThat(LauncherProcess.alive(pid)).as(service + " (pid " + pid + ") after kill -9 of the launcher").isFalse()));
    }

    static UUID runId(String console) {
        Matcher matcher = RUN_ID.matcher(console);
        assertThat(matcher.find()).as("run id on the console").isTrue();
        return UUID.fromString(matcher.group(1));
    }
}
