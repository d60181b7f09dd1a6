package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
 * to the surviving one, which gets the requests and samples the dead one had not committed. A fourth
 * run has the trainer killed during TRAINING and the orchestrator during EVALUATING, each started
 * again by the test (same command line and environment). Each
 * disturbed run succeeds with the undisturbed run's samples (the same (set, problem, index) keys per
 * iteration and purpose, none twice, none missing, each with an outcome) and result counts; samples
 * of the base checkpoint have the same outcomes and iteration 0 the same pass@k, since runs of one
 * spec sample the same programs from one checkpoint (the generator seeds a sample from the
 * request's seed, the problem and the sample's index); see {@link #fromBaseCheckpoint}.
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
        Map<String, Double> sampled = launcher.generationSamples();
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

        List<Process> restarted = new ArrayList<>();
        try {
            RunStatus restarts = runRestarting(api, base, launcher, pids, restarted);
            log("run with the trainer and the orchestrator killed and restarted", t0);
            assertSameOutcome(api, restarts, reference);
        } finally {
            for (Process process : restarted) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        launcher.stop(Duration.ofSeconds(90));
        log("whole test", t0);
    }

    /**
     * One run, two faults: {@code kill -9} of the trainer as the run enters TRAINING, then of the
     * orchestrator during EVALUATING, each started again as a supervisor would (the launcher does
     * not restart services). The trainer resumes its job at startup, the orchestrator the run.
     */
    private static RunStatus runRestarting(ApiProbe api, String base, LauncherProcess launcher, Map<String, Long> pids,
                                    List<Process> restarted) throws Exception {
        UUID id = api.startReducedRun("trainer-and-orchestrator-killed", base, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES);
        awaitStage(api, id, run -> "TRAINING".equals(run.currentStage()));
        restarted.add(killAndRestart(launcher, "trainer-service", pids.get("trainer-service")));
        System.out.println("ReplicaFaultsIT: trainer restarted; training " + api.run(id).iterations().get(1).training());
        awaitStage(api, id, run -> "EVALUATING".equals(run.currentStage()) && run.currentIteration() == 1
                && run.progress().done() > 0 && run.progress().done() < run.progress().total());
        String progress = String.valueOf(api.run(id).progress());
        restarted.add(killAndRestart(launcher, "orchestrator-service", pids.get("orchestrator-service")));
        System.out.println("ReplicaFaultsIT: orchestrator killed at " + progress + " and restarted");
        return api.awaitSucceeded(id, RUN_TIMEOUT);
    }

    private static void awaitStage(ApiProbe api, UUID id, Predicate<RunStatus> reached) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            RunStatus run = api.run(id);
            assertThat(run.state()).as("run " + run.name()).isEqualTo("RUNNING");
            return reached.test(run);
        });
    }

    /**
     * {@code kill -9} of a service JVM, then the same JVM again: its command line, environment and
     * working directory read from {@code /proc} before the kill, its log appended to; waits for its
     * {@code /readyz}.
     */
    private static Process killAndRestart(LauncherProcess launcher, String name, long pid) throws Exception {
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "SIGKILL", "--"));
        command.addAll(List.of(readProc(proc.resolve("cmdline")).split("\0")));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : readProc(proc.resolve("environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        Path directory = Files.readSymbolicLink(proc.resolve("cwd"));
        ProcessHandle old = ProcessHandle.of(pid).orElseThrow();
        assertThat(old.destroyForcibly()).as("SIGKILL to " + name).isTrue();
        old.onExit().get();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launcher.workdir.resolve("logs/" + name + ".log").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        URI ready = URI.create("http://127.0.0.1:" + environment.get("SERVER_PORT") + "/readyz");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited after its restart with " + process.exitValue());
            }
            return http.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        });
        return process;
    }

    /** Not Files.readString: a /proc file reports size 0. */
    private static String readProc(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Starts a run, {@code kill -9}s the given replica once the run's sampling is under way, awaits the run. */
    private static RunStatus runKilling(ApiProbe api, String base, String name, long pid) throws Exception {
        UUID id = api.startReducedRun(name, base, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES);
        awaitStage(api, id, run -> run.currentIteration() == 1 && "GENERATING".equals(run.currentStage())
                && run.progress().done() > 0 && run.progress().done() < run.progress().total());
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
                Map<String, String> outcomes = api.outcomes(run.id(), i, purpose);
                Map<String, String> expected = api.outcomes(reference.id(), i, purpose);
                if (fromBaseCheckpoint(i, purpose)) {
                    assertThat(outcomes).as(what + ": sample keys and outcomes").isEqualTo(expected);
                } else {
                    assertThat(outcomes.keySet()).as(what + ": sample keys").isEqualTo(expected.keySet());
                }
            }
            assertThat(results(got)).as(run.name() + " iteration " + i + " results").isEqualTo(results(want));
            if (i == 0) {
                assertThat(got.evaluations()).as(run.name() + " iteration 0 pass@k").isEqualTo(want.evaluations());
            } else {
                assertThat(got.evaluations()).as(run.name() + " iteration " + i + " pass@k rows")
                        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("passAtK")
                        .isEqualTo(want.evaluations());
                System.out.println("ReplicaFaultsIT: " + run.name() + " iteration " + i + " pass@k " + got.evaluations()
                        + ", undisturbed " + want.evaluations());
            }
        }
        assertThat(api.samples(run.id(), 1, "TRAIN").listed()).isEqualTo(TRAIN_PROBLEMS * SAMPLES);
        assertThat(api.samples(run.id(), 1, "EVAL").listed()).isEqualTo(EVAL_PROBLEMS * SAMPLES);
    }

    /**
     * Samples of the base checkpoint (iteration 0, and iteration 1's training samples) are the same
     * programs in every run of the spec, so their outcomes must match. The fine-tuned checkpoint is
     * not bit-for-bit reproducible (multi-threaded CPU training), so samples from it keep their keys
     * and counts but may differ in a program now and then (seen: one of 16 held-out samples ERROR
     * instead of FAILED).
     */
    private static boolean fromBaseCheckpoint(int iteration, String purpose) {
        return iteration == 0 || iteration == 1 && "TRAIN".equals(purpose);
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

    private static void log(String what, long t0) {
        System.out.printf("ReplicaFaultsIT: %s after %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }
}
