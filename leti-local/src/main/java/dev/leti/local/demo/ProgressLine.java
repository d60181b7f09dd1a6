package dev.leti.local.demo;

import java.time.Duration;
import java.util.Locale;

import dev.leti.local.client.RunStatus;
import dev.leti.local.report.Durations;

/** One line of progress: run label, iteration, stage, a bar, counts, elapsed time. */
final class ProgressLine {

    private static final int BAR_WIDTH = 24;

    private ProgressLine() {
    }

    static String render(String label, RunStatus run, Duration elapsed) {
        RunStatus.Progress progress = run.progress();
        double fraction = progress == null ? 0 : Math.max(0, Math.min(1, progress.fraction()));
        String counts = progress == null || progress.total() == 0 ? ""
                : progress.done() + "/" + progress.total() + (isTraining(run) ? " steps" : " samples");
        return String.format(Locale.ROOT, "%s iteration %d/%d  %-16s %s %3.0f%%  %-18s %s",
                label, run.currentIteration(), run.plannedIterations(),
                run.currentStage() == null ? "" : run.currentStage(),
                bar(fraction), 100 * fraction, counts, Durations.format(elapsed));
    }

    static String bar(double fraction) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static boolean isTraining(RunStatus run) {
        return "TRAINING".equals(run.currentStage());
    }
}
