package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leti.local.client.RunStatus;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with replicas: one local stack with two generators and two executors
 * ({@code --replicas generator=2,executor=2}) runs the same small spec three times, undisturbed, then
 * with {@code kill -9} of one generator replica during GENERATING, then with {@code kill -9} of one
 * executor replica during GENERATING. Nobody restarts the killed replica: Kafka hands its partitions
 * to the surviving one, which gets the requests and samples the dead one had not committed. Each
 * disturbed run succeeds with the undisturbed run's samples (the same (set, problem, index) keys per
 * iteration and purpose, none twice, none missing, each with the same outcome), results and pass@k:
 * runs of one spec sample the same programs (the generator seeds a sample from the request's seed,
 * the problem and the sample's index).
 * The undisturbed run also shows both generator replicas sampling (their {@code leti.generation.samples}).
 */
@Tag("slow")
class ReplicaFaultsIT {

    private static final int TRAIN_PROBLEMS = 8;
    private static final int EVAL_PROBLEMS = 4;
    private static final int SAMPLES = 4;
    /** Four services, one more generator, one more executor. */
    private static final int HTTP_PORTS = 6;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern GENERATION_SAMPLES =
            Pattern.compile("(?m)^leti_generation_samples_total\\{[^}]*replica=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$");

    @TempDir
    Path temp;

    @Test
    void killingAGeneratorOrAnExecutorReplicaMidRunLeavesTheRunsSamplesResultsAndPassAtKUnchanged() throws Exception {
        long t0 = System.nanoTime();
        LauncherProcess launcher = new LauncherProcess(temp.resolve("stack"), HTTP_PORTS);
        // One problem per generation request: a run's requests spread over both generators' partitions.
        // A 10 s session timeout: Kafka hands a killed replica's partitions over after 10 s, not 45.
        launcher.start("up", "--replicas", "generator=2,executor=2", "--java-opts",
                "-Dleti.orchestrator.problems-per-request=1 -Dspring.kafka.consumer.properties.session.timeout.ms=10000")
                .awaitConsole("leti-local is up", Duration.ofMinutes(6));
        Map<String, Long> pids = launcher.servicePids();
        assertThat(pids).containsOnlyKeys("orchestrator-service", "generator-service-1", "generator-service-2",
                "executor-service-1", "executor-service-2", "trainer-service");
        log("stack up", t0);
        ApiProbe api = new ApiProbe(launcher.orchestratorUrl(), StackSettings.DEFAULT_API_KEY);
        String base = launcher.baseCheckpoint();

        RunStatus reference = api.awaitSucceeded(
                api.startReducedRun("undisturbed", base, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES), RUN_TIMEOUT);
        log("undisturbed run", t0);
        Map<String, Double> sampled = generationSamples(launcher);
        assertThat(sampled).as("leti_generation_samples_total per generator replica")
                .containsOnlyKeys("generator-service-1", "generator-service-2")
                .allSatisfy((replica, samples) -> assertThat(samples).as(replica).isPositive());
        System.out.println("ReplicaFaultsIT: samples per generator replica in the undisturbed run: " + sampled);

        RunStatus withoutGenerator = runKilling(api, base, "generator-killed", pids.get("generator-service-2"));
        log("run with generator-service-2 killed", t0);
        assertSameOutcome(api, withoutGenerator, reference);

        RunStatus withoutExecutor = runKilling(api, base, "executor-killed", pids.get("executor-service-2"));
        log("run with executor-service-2 killed", t0);
        assertSameOutcome(api, withoutExecutor, reference);

        launcher.stop(Duration.ofSeconds(90));
        log("whole test", t0);
    }

    /** Starts a run, {@code kill -9}s the given replica once the run's sampling is under way, awaits the run. */
    private static RunStatus runKilling(ApiProbe api, String base, String name, long pid) throws Exception {
        UUID id = api.startReducedRun(name, base, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            RunStatus run = api.run(id);
            assertThat(run.state()).as("run " + name).isEqualTo("RUNNING");
            return run.currentIteration() == 1 && "GENERATING".equals(run.currentStage())
                    && run.progress().done() > 0 && run.progress().done() < run.progress().total();
        });
        ProcessHandle replica = ProcessHandle.of(pid).orElseThrow();
        assertThat(replica.destroyForcibly()).as("SIGKILL to " + pid).isTrue();
        replica.onExit().get();
        System.out.println("ReplicaFaultsIT: " + name + ": killed pid " + pid + " at " + api.run(id).progress());
        return api.awaitSucceeded(id, RUN_TIMEOUT);
    }

    private static void assertSameOutcome(ApiProbe api, RunStatus run, RunStatus reference) throws Exception {
        assertThat(run.iterations()).hasSameSizeAs(reference.iterations());
        for (int i = 0; i < reference.iterations().size(); i++) {
            RunStatus.Iteration got = run.iterations().get(i);
            RunStatus.Iteration want = reference.iterations().get(i);
            for (String purpose : new String[] {"TRAIN", "EVAL"}) {
                String what = run.name() + " iteration " + i + " " + purpose;
                ApiProbe.SampleCounts counts = api.samples(run.id(), i, purpose);
                assertThat(counts).as(what).isEqualTo(api.samples(reference.id(), i, purpose));
                assertThat(counts.listed()).as(what + ": each sample once, each with an outcome")
                        .isEqualTo(counts.distinct()).isEqualTo(counts.withOutcome());
                assertThat(api.outcomes(run.id(), i, purpose)).as(what + ": sample keys and outcomes")
                        .isEqualTo(api.outcomes(reference.id(), i, purpose));
            }
            assertThat(results(got)).as(run.name() + " iteration " + i + " results").isEqualTo(results(want));
            assertThat(got.evaluations()).as(run.name() + " iteration " + i + " pass@k")
                    .isEqualTo(want.evaluations());
        }
        assertThat(api.samples(run.id(), 1, "TRAIN").listed()).isEqualTo(TRAIN_PROBLEMS * SAMPLES);
        assertThat(api.samples(run.id(), 1, "EVAL").listed()).isEqualTo(EVAL_PROBLEMS * SAMPLES);
    }

    private static Map<String, Object> results(RunStatus.Iteration iteration) {
        Map<String, Object> results = new LinkedHashMap<>();
        if (iteration.train() != null) {
            results.put("train", iteration.train().results());
        }
        if (iteration.evaluation() != null) {
            results.put("evaluation", iteration.evaluation().results());
        }
        if (iteration.training() != null) {
            results.put("training examples", iteration.training().examples());
        }
        return results;
    }

    /** {@code leti_generation_samples_total} of each generator replica, from its own Prometheus endpoint. */
    private static Map<String, Double> generationSamples(LauncherProcess launcher) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Double> samples = new LinkedHashMap<>();
        // The first generator keeps its fixed port (port base + 1); the second takes port base + 4.
        for (int port : new int[] {launcher.portBase + 1, launcher.portBase + 4}) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = GENERATION_SAMPLES.matcher(body);
            while (matcher.find()) {
                samples.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
            }
        }
        return samples;
    }

    private static void log(String what, long t0) {
        System.out.printf("ReplicaFaultsIT: %s after %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }
}
