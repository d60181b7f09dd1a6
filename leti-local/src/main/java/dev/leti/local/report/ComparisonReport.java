package dev.leti.local.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    public String markdown() {
        RunReport first = runs.values().iterator().next();
        RunStatus.Spec spec = first.run().spec();
        StringBuilder md = new StringBuilder("# LeTI feedback-mode comparison\n\n");
        md.append(String.format(Locale.ROOT, "Same base checkpoint (`%s`) and budget for every mode: %d iterations, "
                        + "%d samples per train problem, evaluated on `%s` with n = %d at temperature %s. "
                        + "Wall time %s.%n%n", spec.baseCheckpoint(), spec.iterations(), spec.samplesPerProblem(),
                first.mainSet(), spec.evaluation().samplesPerProblem(), spec.evaluation().temperature(),
                Durations.format(wall)));
        md.append(passAtKTable().markdown()).append('\n');
        md.append("## Change from the base\n\n").append(changeTable().markdown()).append('\n');
        md.append(RunReport.chart("pass@1 per iteration by feedback mode", runs)).append('\n');
        runs.forEach((mode, report) -> md.append("Run `").append(report.run().id()).append("`: ").append(mode)
                .append(".\n"));
        return md.toString();
    }

    private static java.util.Optional<RunStatus.Iteration> iteration(RunReport report, int number) {
        return report.run().iterations().stream().filter(it -> it.number() == number).findFirst();
    }
}
