package dev.leti.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import dev.leti.local.client.RunStatus;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Does a second generator replica shorten a run (issue 14)? Two local stacks side by side, one
 * started with {@code --replicas executor=2} and one with {@code --replicas generator=2,executor=2},
 * otherwise the launcher's defaults (so each generator has PyTorch's default intra-op threads: one
 * per core). The same reduced run spec runs on them in turn, one generator, two, one, two, ...
 * (interleaved, so that drift in the shared machine's load falls on both; the idle stack costs
 * both the same). Prints per run the wall time of its GENERATING and EVALUATING stages (summed over
 * iterations, as the orchestrator measured them) and of the whole run, the samples each generator
 * replica drew ({@code leti_generation_samples_total}), the load average, then the medians and
 * their ratio (two generators / one).
 *
 * <p>Not part of the build (its name matches no test pattern); run it with failsafe:
 * <pre>
 * ./mvnw -B -ntp verify -pl leti-local -am -Dit.test=ReplicaBenchmark -Dtest=NONE \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *   [-Dleti.bench.rounds=2] [-Dleti.bench.train-problems=16] [-Dleti.bench.eval-problems=8] \
 *   [-Dleti.bench.samples=4] [-Dleti.bench.java-opts="-Dleti.orchestrator.problems-per-request=1"] \
 *   [-Dleti.bench.two-java-opts="..."]
 * </pre>
 * {@code two-java-opts}: the two-generator stack's {@code --java-opts} where they must differ from the
 * other's (default: the same), e.g. with {@code -Dai.djl.pytorch.num_threads=1
 * -Dai.djl.pytorch.num_interop_threads=1} added, two replicas of one PyTorch thread each against one
 * generator of one thread per core (the option reaches every service of that stack, the trainer too).
 * Output: {@code leti-local/target/failsafe-reports/dev.leti.local.ReplicaBenchmark-output.txt}.
 */
class ReplicaBenchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

    @TempDir
    Path temp;

    @Test
    void oneGeneratorAgainstTwo() throws Exception {
        int rounds = Integer.getInteger("leti.bench.rounds", 2);
        int train = Integer.getInteger("leti.bench.train-problems", 16);
        int eval = Integer.getInteger("leti.bench.eval-problems", 8);
        int samples = Integer.getInteger("leti.bench.samples", 4);
        // One problem per generation request by default: a run's requests spread over the replicas'
        // partitions evenly enough for a small spec (the orchestrator's default is 4).
        String javaOpts = System.getProperty("leti.bench.java-opts", "-Dleti.orchestrator.problems-per-request=1");
        String twoJavaOpts = System.getProperty("leti.bench.two-java-opts", javaOpts);
        print("%d rounds; spec: 1 iteration, %d train / %d held-out problems, %d samples each; --java-opts '%s' "
                + "(two generators: '%s'); %d cores", rounds, train, eval, samples, javaOpts, twoJavaOpts,
                Runtime.getRuntime().availableProcessors());

        Map<Integer, LauncherProcess> stacks = new TreeMap<>();
        try {
            stacks.put(1, up(temp.resolve("one"), 5, "executor=2", javaOpts));
            stacks.put(2, up(temp.resolve("two"), 6, "generator=2,executor=2", twoJavaOpts));
            Map<Integer, List<double[]>> measured = new TreeMap<>();
            print("| generators | round | load average | GENERATING s | EVALUATING s | run s | samples per replica |");
            print("|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (int generators : stacks.keySet()) {
                    measured.computeIfAbsent(generators, g -> new ArrayList<>())
                            .add(measure(stacks.get(generators), generators, round, train, eval, samples));
                }
            }
            String[] names = {"GENERATING", "EVALUATING", "run"};
            for (int i = 0; i < names.length; i++) {
                double one = median(measured.get(1), i);
                double two = median(measured.get(2), i);
                print("median %s: one generator %.1f s, two %.1f s, two / one = %.2f", names[i], one, two, two / one);
            }
            for (LauncherProcess stack : stacks.values()) {
                printThreads(stack);
            }
        } finally {
            for (LauncherProcess stack : stacks.values()) {
                stack.stop(Duration.ofSeconds(90));
            }
        }
    }

    private static LauncherProcess up(Path workdir, int httpPorts, String replicas, String javaOpts) throws Exception {
        long t0 = System.nanoTime();
        LauncherProcess stack = new LauncherProcess(workdir, httpPorts);
        stack.start("up", "--replicas", replicas, "--java-opts", javaOpts)
                .awaitConsole("leti-local is up", Duration.ofMinutes(8));
        print("stack --replicas %s up in %.1f s: %s", replicas, (System.nanoTime() - t0) / 1e9, stack.servicePids());
        return stack;
    }

    /** One run on one stack: GENERATING s, EVALUATING s, run s. */
    private static double[] measure(LauncherProcess stack, int generators, int round, int train, int eval,
                                    int samples) throws Exception {
        ApiProbe api = new ApiProbe(stack.orchestratorUrl(), StackSettings.DEFAULT_API_KEY);
        String load = load();
        Map<String, Double> before = stack.generationSamples();
        UUID id = api.startReducedRun("bench-" + generators + "-" + round, stack.baseCheckpoint(), train, eval, samples);
        RunStatus run = api.awaitSucceeded(id, RUN_TIMEOUT);
        Map<String, Double> drawn = new TreeMap<>();
        stack.generationSamples().forEach((replica, total) -> drawn.put(replica, total - before.getOrDefault(replica, 0.0)));

        double generating = stageSeconds(run, "GENERATING");
        double evaluating = stageSeconds(run, "EVALUATING");
        List<RunStatus.Iteration> iterations = run.iterations();
        double wall = Duration.between(iterations.get(0).startedAt(),
                iterations.get(iterations.size() - 1).finishedAt()).toMillis() / 1000.0;
        print("| %d | %d | %s | %.1f | %.1f | %.1f | %s |", generators, round, load, generating, evaluating, wall, drawn);
        return new double[] {generating, evaluating, wall};
    }

    private static double stageSeconds(RunStatus run, String stage) {
        return run.iterations().stream().mapToDouble(iteration -> iteration.stageSeconds() == null ? 0
                : iteration.stageSeconds().getOrDefault(stage, 0.0)).sum();
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(row -> row[column]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** What DJL logged about PyTorch's threads in each generator replica. */
    private static void printThreads(LauncherProcess stack) throws Exception {
        try (Stream<Path> logs = Files.list(stack.workdir.resolve("logs"))) {
            for (Path log : logs.filter(path -> path.getFileName().toString().startsWith("generator-service")).sorted()
                    .toList()) {
                Files.readAllLines(log).stream().filter(line -> line.contains("threads"))
                        .forEach(line -> print("%s: %s", log.getFileName(), line.strip()));
            }
        }
    }

    private static String load() throws Exception {
        return Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ")[0];
    }

    private static void print(String format, Object... arguments) {
        System.out.println("ReplicaBenchmark: " + String.format(Locale.ROOT, format, arguments));
    }
}
