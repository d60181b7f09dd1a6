package dev.leti.local.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.leti.local.client.RunStatus;

/**
 * Feedback modes side by side (the paper's main ablation): pass@k per iteration and mode on the
 * main held-out set, the train samples' success rate, and each mode's change from the base.
 *
 * @param runs feedback mode to its run's report, in the order to show them
 * @param wall the wall time the user waited
 */
public record ComparisonReport(Map<String, RunReport> runs, Duration wall) {

    public Table passAtKTable() {
        RunReport first = runs.values().iterator().next();
        List<String> headers = new ArrayList<>(List.of("iteration"));
        for (int k : first.kValues()) {
            runs.keySet().forEach(mode -> headers.add(mode + " pass@" + k));
        }
        runs.keySet().forEach(mode -> headers.add(mode + " train success"));
        Table table = new Table(headers);
        int iterations = runs.values().stream().mapToInt(r -> r.run().iterations().size()).max().orElse(0);
        for (int i = 0; i < iterations; i++) {
            int number = i;
            List<String> row = new ArrayList<>(List.of(number == 0 ? "0 (base)" : Integer.toString(number)));
            for (int k : first.kValues()) {
                runs.values().forEach(r -> row.add(RunReport.number(iteration(r, number)
                        .map(it -> r.passAt(it, k)).orElse(Double.NaN))));
            }
            runs.values().forEach(r -> row.add(number == 0 ? "-" : RunReport.number(iteration(r, number)
                    .filter(it -> it.train() != null).map(it -> it.train().successRate()).orElse(Double.NaN))));
            table.row(row);
        }
        return table;
    }

    public Table changeTable() {
        Table table = new Table(List.of("feedback", "pass@1 base", "pass@1 last", "change (paired 95% interval)",
                "beyond noise", "wall s (all iterations)"));
        runs.forEach((mode, report) -> {
            PassRate change = report.change();
            double wallSeconds = report.run().iterations().stream()
                    .mapToDouble(it -> StageBreakdown.of(it).wallSeconds()).sum();
            table.row(List.of(mode, report.passRate(0).format(), report.passRate(report.lastEvaluated()).format(),
                    String.format(Locale.ROOT, "%+.3f ± %.3f", change.mean(), change.halfWidth()),
                    change.excludesZero() ? "yes" : "no", String.format(Locale.ROOT, "%.0f", wallSeconds)));
        });
        return table;
    }

    /**
     * Cumulative optimizer steps of a run's training jobs up to an iteration (iteration 0, the base:
     * 0), from the run view's {@code iterations[].training.step}.
     */
    public static int gradientSteps(RunStatus run, int iteration) {
        return run.iterations().stream()
                .filter(it -> it.number() >= 1 && it.number() <= iteration && it.training() != null)
                .mapToInt(it -> it.training().step()).sum();
    }

    /** Held-out pass@1 against gradient steps per mode (the paper's sample-efficiency view). */
    public Table stepsTable() {
        List<String> headers = new ArrayList<>(List.of("iteration"));
        runs.keySet().forEach(mode -> {
            headers.add(mode + " steps");
            headers.add(mode + " pass@1");
        });
        Table table = new Table(headers);
        int iterations = runs.values().stream().mapToInt(r -> r.run().iterations().size()).max().orElse(0);
        for (int i = 0; i < iterations; i++) {
            int number = i;
            List<String> row = new ArrayList<>(List.of(number == 0 ? "0 (base)" : Integer.toString(number)));
            runs.values().forEach(r -> {
                Optional<RunStatus.Iteration> it = iteration(r, number);
                row.add(it.isEmpty() ? "-" : Integer.toString(gradientSteps(r.run(), number)));
                row.add(RunReport.number(it.map(x -> r.passAt(x, 1)).orElse(Double.NaN)));
            });
            table.row(row);
        }
        return table;
    }

    /** The chart of {@link #stepsTable()}: a point per mode and evaluated iteration. */
    public StepsChart stepsChart() {
        Map<String, List<StepsChart.Point>> series = new LinkedHashMap<>();
        runs.forEach((mode, report) -> {
            List<StepsChart.Point> points = new ArrayList<>();
            for (RunStatus.Iteration it : report.run().iterations()) {
                double passAt1 = report.passAt(it, 1);
                if (!Double.isNaN(passAt1)) {
                    points.add(new StepsChart.Point(it.number(), gradientSteps(report.run(), it.number()), passAt1));
                }
            }
            series.put(mode, points);
        });
        String mainSet = runs.values().iterator().next().mainSet();
        return new StepsChart("held-out " + mainSet + " pass@1 vs gradient steps", series);
    }

    /** The steps table and its text chart for the console, after the other tables. */
    public String stepsConsole() {
        String nl = System.lineSeparator();
        return nl + "  pass@1 against gradient steps (cumulative optimizer steps of the training jobs):" + nl
                + stepsTable().console() + nl + stepsChart().ascii();
    }

    /** The SVG chart's file next to a report file: {@code comparison-report.md} -> {@code comparison-report-steps.svg}. */
    public static Path svgFile(Path reportFile) {
        String name = reportFile.getFileName().toString().replaceFirst("\\.md$", "");
        return reportFile.resolveSibling(name + "-steps.svg");
    }

    /** Writes the Markdown report and, next to it, the SVG chart of pass@1 against gradient steps. */
    public void write(Path reportFile) throws IOException {
        Path svg = svgFile(reportFile);
        Files.writeString(svg, stepsChart().svg());
        Files.writeString(reportFile, markdown(svg.getFileName().toString()));
    }

    public String markdown() {
        return markdown(null);
    }

    private String markdown(String svgFileName) {
        RunReport first = runs.values().iterator().next();
        RunStatus.Spec spec = first.run().spec();
        StringBuilder md = new StringBuilder("# LeTI feedback-mode comparison\n\n");
        md.append(String.format(Locale.ROOT, "Same base checkpoint (`%s`) and budget for every mode: %d iterations, "
                        + "%d samples per train problem, evaluated on `%s` with n = %d at temperature %s. "
                        + "Wall time %s.%n%n", spec.baseCheckpoint(), spec.iterations(), spec.samplesPerProblem(),
                first.mainSet(), spec.evaluation().samplesPerProblem(), spec.evaluation().sampling().temperature(),
                Durations.format(wall)));
        md.append(passAtKTable().markdown()).append('\n');
        md.append("## Change from the base\n\n").append(changeTable().markdown()).append('\n');
        md.append(RunReport.chart("pass@1 per iteration by feedback mode", runs)).append('\n');
        md.append("## pass@1 against gradient steps\n\n")
                .append("Gradient steps: the cumulative optimizer steps of each run's training jobs up to the "
                        + "iteration (the base: 0).\n\n")
                .append(stepsTable().markdown()).append('\n');
        if (svgFileName != null) {
            md.append("![pass@1 against gradient steps](").append(svgFileName).append(")\n\n");
        }
        md.append("```text\n").append(stepsChart().ascii().replace(System.lineSeparator(), "\n")).append("```\n\n");
        runs.forEach((mode, report) -> md.append("Run `").append(report.run().id()).append("`: ").append(mode)
                .append(".\n"));
        return md.toString();
    }

    private static Optional<RunStatus.Iteration> iteration(RunReport report, int number) {
        return report.run().iterations().stream().filter(it -> it.number() == number).findFirst();
    }
}
