package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.leti.local.client.RunStatus;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume: kill -9 of the launcher in the middle of an iteration (the whole stack goes: broker,
 * database, services), start it again, and the run finishes from its recorded state with exactly the
 * counts of an uninterrupted run of the same spec: no sample lost, none counted twice.
 */
class ResumeAfterKillIT {

    private static final int TRAIN_PROBLEMS = 8;
    private static final int EVAL_PROBLEMS = 4;
    private static final int SAMPLES = 4;

    @TempDir
    Path temp;

    @Test
    void aRunInterruptedByKillMinusNineFinishesWithTheCountsOfAnUninterruptedRun() throws Exception {
        LauncherProcess launcher = new LauncherProcess(temp.resolve("stack"));
        launcher.start("up").awaitConsole("leti-local is up", Duration.ofMinutes(5));
        ApiProbe api = new ApiProbe(launcher.orchestratorUrl(), StackSettings.DEFAULT_API_KEY);
        String base = launcher.baseCheckpoint();
        UUID interrupted = api.startReducedRun("interrupted", base, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES);

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            RunStatus run = api.run(interrupted);
            return run.currentIteration() == 1 && "GENERATING".equals(run.currentStage())
                    && run.progress().done() > 0 && run.progress().done() < run.progress().total();
        });
        Map<String, Long> services = launcher.servicePids();
        launcher.kill9();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> services.forEach((service, pid) ->
                assertThat(LauncherProcess.alive(pid)).as(service).isFalse()));

        launcher.start("up").awaitConsole("leti-local is up", Duration.ofMinutes(5));
        RunStatus resumed = api.awaitSucceeded(interrupted, Duration.ofMinutes(15));
        UUID uninterrupted = api.startReducedRun("uninterrupted", base, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES);
        RunStatus reference = api.awaitSucceeded(uninterrupted, Duration.ofMinutes(15));

        Map<String, ApiProbe.SampleCounts> resumedCounts = counts(api, resumed);
        assertThat(resumedCounts).isEqualTo(counts(api, reference));
        assertThat(resumedCounts.get("1/TRAIN"))
                .isEqualTo(new ApiProbe.SampleCounts(TRAIN_PROBLEMS * SAMPLES, TRAIN_PROBLEMS * SAMPLES, TRAIN_PROBLEMS * SAMPLES));
        assertThat(resumedCounts.get("1/EVAL"))
                .isEqualTo(new ApiProbe.SampleCounts(EVAL_PROBLEMS * SAMPLES, EVAL_PROBLEMS * SAMPLES, EVAL_PROBLEMS * SAMPLES));
        assertThat(resumed.iterations().get(1).train().results()).isEqualTo(reference.iterations().get(1).train().results());
        assertThat(resumed.iterations().get(1).training().examples())
                .isEqualTo(reference.iterations().get(1).training().examples());
        launcher.stop(Duration.ofSeconds(90));
    }

    /** "iteration/purpose" to the sample counts the API lists. */
    private static Map<String, ApiProbe.SampleCounts> counts(ApiProbe api, RunStatus run) throws Exception {
        Map<String, ApiProbe.SampleCounts> counts = new LinkedHashMap<>();
        for (RunStatus.Iteration iteration : run.iterations()) {
            for (String purpose : new String[] {"TRAIN", "EVAL"}) {
                counts.put(iteration.number() + "/" + purpose, api.samples(run.id(), iteration.number(), purpose));
            }
        }
        return counts;
    }
}
