package dev.leti.local.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.leti.local.client.OrchestratorClient;
import dev.leti.local.client.RunStatus;

/**
 * Polls runs until they all finish and shows their progress: on a terminal one line per run,
 * redrawn in place; otherwise (a log file, CI) a line whenever a run's stage changes. Each finished
 * iteration gets a line with its pass@k.
 */
final class RunWatcher {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration NO_PROGRESS_LIMIT = Duration.ofMinutes(20);

    private final OrchestratorClient client;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;

    RunWatcher(OrchestratorClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Runs by label (e.g. the feedback mode); returns their final states in the same order. */
    Map<String, RunStatus> watch(Map<String, UUID> runs) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Map<String, RunStatus> latest = new LinkedHashMap<>();
        Map<String, String> lastStage = new HashMap<>();
        Map<String, Integer> reportedIterations = new HashMap<>();
        Instant lastChange = Instant.now();
        int drawnLines = 0;
        while (true) {
            boolean changed = false;
            for (Map.Entry<String, UUID> entry : runs.entrySet()) {
                RunStatus run = client.run(entry.getValue());
                RunStatus before = latest.put(entry.getKey(), run);
                changed |= before == null || !Objects.equals(before.progress(), run.progress())
                        || !Objects.equals(before.currentStage(), run.currentStage());
            }
            Duration elapsed = Duration.between(start, Instant.now());
            if (changed) {
                lastChange = Instant.now();
            }
            List<String> finishedIterationLines = finishedIterations(latest, reportedIterations);
            if (terminal) {
                drawnLines = redraw(latest, elapsed, drawnLines, finishedIterationLines);
            } else {
                finishedIterationLines.forEach(out::println);
                latest.forEach((label, run) -> {
                    if (run.terminal()) {
                        if (!run.state().equals(lastStage.put(label, run.state()))) {
                            out.println(ended(label(label, runs.size()), run, elapsed));
                        }
                        return;
                    }
                    String stage = run.currentIteration() + "/" + run.currentStage() + "/" + run.state() + "/"
                            + quarter(run);
                    if (!stage.equals(lastStage.put(label, stage))) {
                        out.println(ProgressLine.render(label(label, runs.size()), run, elapsed));
                    }
                });
            }
            if (latest.values().stream().allMatch(RunStatus::terminal)) {
                return latest;
            }
            if (Duration.between(lastChange, Instant.now()).compareTo(NO_PROGRESS_LIMIT) > 0) {
                throw new IOException("no progress for " + NO_PROGRESS_LIMIT.toMinutes() + " minutes; see the services' logs");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private int redraw(Map<String, RunStatus> latest, Duration elapsed, int drawnLines, List<String> above) {
        StringBuilder screen = new StringBuilder();
        if (drawnLines > 0) {
            screen.append("\033[").append(drawnLines).append("F"); // back to the first progress line
        }
        for (String line : above) {
            screen.append("\033[2K").append(line).append('\n');
        }
        latest.forEach((label, run) -> screen.append("\033[2K").append(run.terminal()
                ? ended(label(label, latest.size()), run, elapsed)
                : ProgressLine.render(label(label, latest.size()), run, elapsed)).append('\n'));
        out.print(screen);
        out.flush();
        return latest.size();
    }

    /** Lines for iterations finished since the last call, e.g. {@code iteration 1 done: pass@1 0.210 pass@5 0.400}. */
    private static List<String> finishedIterations(Map<String, RunStatus> latest, Map<String, Integer> reported) {
        List<String> lines = new java.util.ArrayList<>();
        latest.forEach((label, run) -> {
            if (run.iterations() == null) {
                return;
            }
            for (RunStatus.Iteration iteration : run.iterations()) {
                if (iteration.done() && iteration.number() > reported.getOrDefault(label, -1)) {
                    reported.put(label, iteration.number());
                    lines.add(label(label, latest.size()) + " iteration " + iteration.number() + " done: "
                            + passAtK(iteration));
                }
            }
        });
        return lines;
    }

    private static String passAtK(RunStatus.Iteration iteration) {
        if (iteration.evaluations() == null || iteration.evaluations().isEmpty()) {
            return "no evaluation";
        }
        String set = iteration.evaluations().get(0).split();
        StringBuilder text = new StringBuilder();
        iteration.evaluations().stream().filter(r -> r.split().equals(set)).forEach(r ->
                text.append(String.format(Locale.ROOT, "pass@%d %.3f  ", r.k(), r.passAtK())));
        if (iteration.number() > 0 && iteration.train() != null) {
            text.append(String.format(Locale.ROOT, "(train success %.3f)", iteration.train().successRate()));
        }
        return text.toString().trim();
    }

    private static String ended(String label, RunStatus run, Duration elapsed) {
        return label + " run " + run.state() + " after " + dev.leti.local.report.Durations.format(elapsed)
                + (run.failureReason() == null ? "" : ": " + run.failureReason());
    }

    /** Without a terminal, a stage's progress is logged at 0, 25, 50 and 75%. */
    private static int quarter(RunStatus run) {
        return run.progress() == null ? 0 : (int) Math.floor(Math.min(0.999, run.progress().fraction()) * 4);
    }

    private static String label(String label, int runs) {
        return runs == 1 ? "" : String.format("%-8s", label);
    }
}
