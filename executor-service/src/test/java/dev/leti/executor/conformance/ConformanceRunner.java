package dev.leti.executor.conformance;

import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.executor.execution.ProgramExecutor;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs many programs through the executor with as many callers as it has sandboxes. */
public final class ConformanceRunner {

    public record Case(String id, String program, ExecutionTask task) {
    }

    public record Result(Case input, ExecutionReport report) {
    }

    private ConformanceRunner() {
    }

    public static List<Result> runAll(ProgramExecutor executor, int parallelism, List<Case> cases) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<Result>> futures = cases.stream()
                    .map(c -> callers.submit(() -> new Result(c, executor.execute(c.program(), c.task())))).toList();
            List<Result> results = new java.util.ArrayList<>();
            for (Future<Result> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            callers.shutdownNow();
        }
    }
}
