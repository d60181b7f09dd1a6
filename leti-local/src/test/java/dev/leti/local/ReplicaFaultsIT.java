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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.leti.local.client.RunStatus;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults at every stage, on one local stack with two generators and two executors
 * ({@code --replicas generator=2,executor=2}) that runs the same small spec three times: undisturbed,
 * then twice with faults, several per run (each run costs about a minute, a service restart half of
 * that). Killed generator and executor replicas stay down during their run: Kafka hands their
 * partitions to the surviving replica, which gets the requests and samples the dead one had not
 * committed. The orchestrator and the trainer, which run once, are started again by the test as a
 * supervisor would (same command line and environment); the broker and the database are restarted
 * by the launcher ({@code up --stdin-commands}) on their ports and data. The first disturbed run
 * kills replicas: a generator and an executor replica during GENERATING, the trainer and the
 * orchestrator as the run enters TRAINING (all four then started again), the same two replicas
 * during EVALUATING. The second, with one generator and one executor, restarts and kills mid-stage:
 * the broker restarted and the orchestrator killed during GENERATING, the trainer killed
 * mid-training (after a resume point), PostgreSQL restarted and the orchestrator killed during
 * EVALUATING.
 * Each disturbed run succeeds with the undisturbed run's samples (the same (set, problem, index)
 * keys per iteration and purpose, none twice, none missing, each with an outcome) and result
 * counts; samples of the base checkpoint have the same outcomes and iteration 0 the same pass@k,
 * since runs of one spec sample the same programs from one checkpoint (the generator seeds a sample
 * from the request's seed, the problem and the sample's index); see {@link #fromBaseCheckpoint}.
 * The undisturbed run also shows both generator replicas sampling (their {@code leti.generation.samples}).
 */
class ReplicaFaultsIT {

    private static final int TRAIN_PROBLEMS = 8;
    private static final int EVAL_PROBLEMS = 4;
    private static final int SAMPLES = 4;
    /** Batches of 4: eight LeTI steps, so that the trainer can be killed between two of them. */
    private static final String TRAINING = "{\"epochs\": 1, \"batchSize\": 4}";
    /** Four services, one more generator, one more executor. */
    private static final int HTTP_PORTS = 6;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern RESUMED = Pattern.compile("Training job \\S+ resumes at LeTI step [1-9]");

    @TempDir
    Path temp;

    @Test
    void killedServicesAndRestartedInfrastructureAtEveryStageLeaveTheRunsSamplesResultsAndPassAtKUnchanged()
            throws Exception {
        long t0 = System.nanoTime();
        LauncherProcess launcher = new LauncherProcess(temp.resolve("stack"), HTTP_PORTS);
        // One problem per generation request: a run's requests spread over both generators' partitions.
        // A 10 s session timeout: Kafka hands a killed replica's partitions over after 10 s, not 45.
        // A progress message after every LeTI step and a resume point after every second one.
        launcher.start("up", "--stdin-commands", "--replicas", "generator=2,executor=2", "--java-opts",
                "-Dleti.orchestrator.problems-per-request=1 -Dspring.kafka.consumer.properties.session.timeout.ms=10000"
                        + " -Dleti.trainer.progress-every-steps=1 -Dleti.trainer.checkpoint-every-steps=2")
                .awaitConsole("leti-local is up", Duration.ofMinutes(6));
        Services services = new Services(launcher);
        assertThat(services.pids).containsOnlyKeys("orchestrator-service", "generator-service-1", "generator-service-2",
                "executor-service-1", "executor-service-2", "trainer-service");
        log("stack up", t0);
        ApiProbe api = new ApiProbe(launcher.orchestratorUrl(), StackSettings.DEFAULT_API_KEY);
        String base = launcher.baseCheckpoint();

        RunStatus reference = api.awaitSucceeded(start(api, base, "undisturbed"), RUN_TIMEOUT);
        log("undisturbed run", t0);
        Map<String, Double> sampled = launcher.generationSamples();
        assertThat(sampled).as("leti_generation_samples_total per generator replica")
                .containsOnlyKeys("generator-service-1", "generator-service-2")
                .allSatisfy((replica, samples) -> assertThat(samples).as(replica).isPositive());
        System.out.println("ReplicaFaultsIT: samples per generator replica in the undisturbed run: " + sampled);

        try {
            RunStatus first = replicasAndStageStarts(api, base, services);
            log("run with replicas killed in GENERATING and EVALUATING, trainer and orchestrator killed in TRAINING", t0);
            assertSameOutcome(api, first, reference);

            RunStatus second = restartsAndMidStageKills(api, base, launcher, services);
            log("run with the broker and the database restarted, orchestrator and trainer killed mid-stage", t0);
            assertSameOutcome(api, second, reference);
        } finally {
            services.stopRestarted();
        }
        launcher.stop(Duration.ofSeconds(90));
        log("whole test", t0);
    }

    /**
     * GENERATING: {@code kill -9} of generator-service-2 and executor-service-2, not restarted
     * during the stage. TRAINING, as the job is recorded: {@code kill -9} of the trainer and the
     * orchestrator; both are started again (the trainer takes the job up at startup, from its
     * start; the orchestrator resumes the run from the database), and so are the two replicas.
     * EVALUATING: {@code kill -9} of generator-service-2 and executor-service-2 again, not restarted.
     */
    private static RunStatus replicasAndStageStarts(ApiProbe api, String base, Services services) throws Exception {
        UUID id = start(api, base, "replicas-and-stage-starts");
        awaitStage(api, id, run -> sampling(run, "GENERATING"));
        services.kill(api.run(id), "generator-service-2", "executor-service-2");
        awaitStage(api, id, run -> "TRAINING".equals(run.currentStage()));
        services.kill(api.run(id), "trainer-service", "orchestrator-service");
        services.startAgain("trainer-service", "orchestrator-service", "generator-service-2", "executor-service-2");
        awaitStage(api, id, run -> sampling(run, "EVALUATING"));
        services.kill(api.run(id), "generator-service-2", "executor-service-2");
        return api.awaitSucceeded(id, RUN_TIMEOUT);
    }

    /**
     * With one generator and one executor left. GENERATING: a broker restart, then {@code kill -9}
     * of the orchestrator, started again. TRAINING, once the trainer has written a resume point and
     * reported a step and before its last: {@code kill -9} of the trainer, started again, which
     * resumes the job from the resume point. EVALUATING: a PostgreSQL restart, then {@code kill -9}
     * of the orchestrator, started again.
     */
    private static RunStatus restartsAndMidStageKills(ApiProbe api, String base, LauncherProcess launcher,
                                                      Services services) throws Exception {
        Path jobs = launcher.workdir.resolve("artifacts/jobs");
        Set<Path> earlierJobs = resumePoints(jobs);
        UUID id = start(api, base, "restarts-and-mid-stage-kills");
        awaitStage(api, id, run -> sampling(run, "GENERATING"));
        launcher.command("restart kafka", "Kafka broker restarted", RESTART_TIMEOUT);
        System.out.println("ReplicaFaultsIT: broker restarted at " + api.run(id).progress());
        services.killAndStartAgain(api.run(id), "orchestrator-service");
        awaitStage(api, id, run -> "TRAINING".equals(run.currentStage()) && run.iterations().get(1).training() != null
                && run.iterations().get(1).training().step() > 0
                && run.iterations().get(1).training().step() < run.iterations().get(1).training().totalSteps()
                && !earlierJobs.containsAll(resumePoints(jobs)));
        Path trainerLog = launcher.workdir.resolve("logs/trainer-service.log");
        long logged = Files.size(trainerLog);
        services.killAndStartAgain(api.run(id), "trainer-service");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
                RESUMED.matcher(Files.readString(trainerLog).substring((int) logged)).find());
        awaitStage(api, id, run -> sampling(run, "EVALUATING"));
        String progress = String.valueOf(api.run(id).progress());
        launcher.command("restart postgres", "PostgreSQL restarted", RESTART_TIMEOUT);
        System.out.println("ReplicaFaultsIT: PostgreSQL restarted at " + progress);
        // A request the API served on a connection the restart cut fails once; the pool then reconnects.
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> api.run(id) != null);
        services.killAndStartAgain(api.run(id), "orchestrator-service");
        return api.awaitSucceeded(id, RUN_TIMEOUT);
    }

    private static UUID start(ApiProbe api, String base, String name) throws IOException {
        return api.startRun(LetiLoopIT.reducedSpec(name, base, 1, TRAIN_PROBLEMS, EVAL_PROBLEMS, SAMPLES, TRAINING));
    }

    /** Iteration 1 in the given sampling stage, some of its samples done and some not. */
    private static boolean sampling(RunStatus run, String stage) {
        return run.currentIteration() == 1 && stage.equals(run.currentStage())
                && run.progress().done() > 0 && run.progress().done() < run.progress().total();
    }

    /** The trainer's job directories that hold a resume point. */
    private static Set<Path> resumePoints(Path jobs) throws IOException {
        if (!Files.isDirectory(jobs)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            return dirs.filter(dir -> Files.exists(dir.resolve("resume.json"))).collect(Collectors.toSet());
        }
    }

    /** A condition on a run that may look at files too. */
    private interface Reached {
        boolean test(RunStatus run) throws IOException;
    }

    private static void awaitStage(ApiProbe api, UUID id, Reached reached) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            RunStatus run = api.run(id);
            assertThat(run.state()).as("run " + run.name()).isEqualTo("RUNNING");
            return reached.test(run);
        });
    }

    /**
     * The service JVMs by instance name, and what the test itself started again: {@code kill -9}
     * of one, and starting it again with the command line, environment and working directory read
     * from {@code /proc} before the kill, its log appended to.
     */
    private static final class Services {

        private final LauncherProcess launcher;
        private final Map<String, Long> pids;
        private final Map<String, ServiceCommand> killed = new LinkedHashMap<>();
        private final List<Process> restarted = new ArrayList<>();

        Services(LauncherProcess launcher) throws IOException {
            this.launcher = launcher;
            this.pids = new LinkedHashMap<>(launcher.servicePids());
        }

        /** {@code kill -9} of each, remembering how to start it again. */
        void kill(RunStatus at, String... names) throws Exception {
            for (String name : names) {
                long pid = pids.remove(name);
                killed.put(name, ServiceCommand.of(pid));
                ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
                assertThat(process.destroyForcibly()).as("SIGKILL to " + name).isTrue();
                process.onExit().get();
                System.out.println("ReplicaFaultsIT: " + Instant.now() + " " + at.name() + ": killed " + name
                        + " (pid " + pid + ") in " + at.currentStage() + " at " + at.progress());
            }
        }

        void killAndStartAgain(RunStatus at, String name) throws Exception {
            kill(at, name);
            startAgain(name);
        }

        /** Starts the killed services again, side by side, and waits for each one's {@code /readyz}. */
        void startAgain(String... names) throws Exception {
            Map<String, ServiceCommand> commands = new LinkedHashMap<>();
            Map<String, Process> started = new LinkedHashMap<>();
            for (String name : names) {
                ServiceCommand command = killed.remove(name);
                Process process = command.start(launcher.workdir.resolve("logs/" + name + ".log"));
                restarted.add(process);
                commands.put(name, command);
                started.put(name, process);
            }
            HttpClient http = HttpClient.newHttpClient();
            for (String name : names) {
                Process process = started.get(name);
                HttpRequest ready = HttpRequest.newBuilder(commands.get(name).readiness()).GET().build();
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(name + " exited after its restart with " + process.exitValue());
                            }
                            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        });
                pids.put(name, process.pid());
                System.out.println("ReplicaFaultsIT: " + Instant.now() + " " + name + " started again (pid "
                        + process.pid() + ")");
            }
        }

        void stopRestarted() throws InterruptedException {
            for (Process process : restarted) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** How a service JVM was started, read from {@code /proc} while it runs. */
    private record ServiceCommand(List<String> command, Map<String, String> environment, Path directory) {

        static ServiceCommand of(long pid) throws IOException {
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
            return new ServiceCommand(command, environment, Files.readSymbolicLink(proc.resolve("cwd")));
        }

        URI readiness() {
            return URI.create("http://127.0.0.1:" + environment.get("SERVER_PORT") + "/readyz");
        }

        Process start(Path log) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().clear();
            builder.environment().putAll(environment);
            return builder.start();
        }
    }

    /** Not Files.readString: a /proc file reports size 0. */
    private static String readProc(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
