package dev.leti.local.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import dev.leti.local.client.EvalSample;
import dev.leti.local.client.RunStatus;
import dev.leti.local.client.RunStatus.Iteration;

/**
 * What one finished run showed: pass@k per iteration on the main held-out set (the first evaluation
 * set of the spec), pass@1's sampling interval, the change from the base to the last iteration, and
 * where the wall time went.
 *
 * @param run         the run as the API shows it at the end
 * @param evalSamples per iteration number, its evaluation samples (for the intervals)
 * @param wall        the wall time the user waited
 */
public record RunReport(RunStatus run, Map<Integer, List<EvalSample>> evalSamples, Duration wall) {

    public String mainSet() {
        return run.iterations().stream()
                .flatMap(i -> i.evaluations() == null ? java.util.stream.Stream.empty() : i.evaluations().stream())
                .map(RunStatus.EvaluationRow::split).findFirst().orElse("test");
    }

    public List<Integer> kValues() {
        TreeSet<Integer> ks = new TreeSet<>();
        for (Iteration iteration : run.iterations()) {
            if (iteration.evaluations() != null) {
                iteration.evaluations().stream().filter(r -> r.split().equals(mainSet())).forEach(r -> ks.add(r.k()));
            }
        }
        return List.copyOf(ks);
    }

    /** pass@k of an iteration on the main set, or NaN when it has none (yet). */
    public double passAt(Iteration iteration, int k) {
        if (iteration.evaluations() == null) {
            return Double.NaN;
        }
        return iteration.evaluations().stream().filter(r -> r.split().equals(mainSet()) && r.k() == k)
                .mapToDouble(RunStatus.EvaluationRow::passAtK).findFirst().orElse(Double.NaN);
    }

    public PassRate passRate(int iteration) {
        return PassRate.of(evalSamples.getOrDefault(iteration, List.of()), mainSet());
    }

    /** The change in pass@1 from the base (iteration 0) to the last evaluated iteration, paired by problem. */
    public PassRate change() {
        int last = lastEvaluated();
        return PassRate.change(evalSamples.getOrDefault(0, List.of()), evalSamples.getOrDefault(last, List.of()),
                mainSet());
    }

    public int lastEvaluated() {
        return run.iterations().stream().filter(i -> !Double.isNaN(passAt(i, 1)))
                .mapToInt(Iteration::number).max().orElse(0);
    }

    public Table iterationTable() {
        List<String> headers = new ArrayList<>(List.of("iteration"));
        kValues().forEach(k -> headers.add("pass@" + k));
        headers.addAll(List.of("pass@1 95% interval", "train success", "train samples", "tokens", "wall s"));
        Table table = new Table(headers);
        for (Iteration iteration : run.iterations()) {
            List<String> row = new ArrayList<>(List.of(iteration.number() == 0 ? "0 (base)" : Integer.toString(iteration.number())));
            kValues().forEach(k -> row.add(number(passAt(iteration, k))));
            PassRate rate = passRate(iteration.number());
            row.add(rate.problems() == 0 ? "-" : rate.format());
            row.add(iteration.number() == 0 || iteration.train() == null ? "-" : number(iteration.train().successRate()));
            row.add(iteration.number() == 0 || iteration.train() == null ? "-" : Long.toString(iteration.train().samples()));
            row.add(Long.toString(iteration.tokensGenerated()));
            row.add(String.format(Locale.ROOT, "%.0f", StageBreakdown.of(iteration).wallSeconds()));
            table.row(row);
        }
        return table;
    }

    public String verdict() {
        PassRate change = change();
        String direction = change.mean() > 0 ? "higher" : change.mean() < 0 ? "lower" : "unchanged";
        return String.format(Locale.ROOT,
                "Held-out pass@1 after iteration %d vs the base: %+.3f (paired 95%% interval ± %.3f over %d problems, n = %d)"
                        + " -> %s, %s the sampling noise.",
                lastEvaluated(), change.mean(), change.halfWidth(), change.problems(),
                passRate(0).samplesPerProblem(), direction,
                change.excludesZero() ? "beyond" : "within");
    }

    /**
     * A column of the reward-token table: an evaluation set on the main held-out problems and the
     * reward token it was evaluated with from iteration 1 on.
     */
    public record TokenSet(String set, String rewardToken) {
    }

    /**
     * The main held-out set with its token, then each extra set on the same reference and split
     * whose token differs from the main one; only the main set when there is none.
     */
    public List<TokenSet> rewardTokenSets() {
        RunStatus.Evaluation evaluation = run.spec() == null ? null : run.spec().evaluation();
        String mainToken = evaluation == null || evaluation.rewardToken() == null ? "main" : evaluation.rewardToken();
        List<TokenSet> sets = new ArrayList<>(List.of(new TokenSet(mainSet(), mainToken)));
        if (evaluation == null || evaluation.extraDatasets() == null) {
            return sets;
        }
        RunStatus.Dataset dataset = run.spec().dataset();
        for (RunStatus.ExtraDataset extra : evaluation.extraDatasets()) {
            boolean sameSplit = mainSet().equals(extra.split())
                    && (dataset == null || Objects.equals(dataset.reference(), extra.reference()));
            String token = extra.rewardToken() == null ? mainToken : extra.rewardToken();
            if (sameSplit && !token.equals(mainToken)) {
                sets.add(new TokenSet(extra.name(), token));
            }
        }
        return sets;
    }

    /**
     * pass@1 with its 95% interval per iteration from 1 on, one column per reward token at inference
     * (the paper's GOOD / BAD / none table); empty when the run evaluated the held-out split with
     * one token only.
     */
    public Optional<Table> rewardTokenTable() {
        List<TokenSet> sets = rewardTokenSets();
        if (sets.size() < 2) {
            return Optional.empty();
        }
        List<String> headers = new ArrayList<>(List.of("iteration"));
        sets.forEach(set -> headers.add(set.rewardToken() + " (" + set.set() + ") pass@1"));
        Table table = new Table(headers);
        for (Iteration iteration : run.iterations()) {
            if (iteration.number() == 0) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(Integer.toString(iteration.number())));
            for (TokenSet set : sets) {
                PassRate rate = PassRate.of(evalSamples.getOrDefault(iteration.number(), List.of()), set.set());
                row.add(rate.problems() == 0 ? "-" : rate.format());
            }
            table.row(row);
        }
        return Optional.of(table);
    }

    /** The reward-token table for the console, after the verdict; empty when there is none. */
    public String rewardTokenConsole() {
        return rewardTokenTable().map(table -> System.lineSeparator() + "  reward token at inference (held-out `"
                + mainSet() + "`, pass@1 with its 95% interval):" + System.lineSeparator() + table.console())
                .orElse("");
    }

    public String markdown(String title) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append(String.format(Locale.ROOT, "Run `%s`: %s feedback, %d iterations, %d samples per train problem, "
                        + "evaluated on `%s` with n = %d at temperature %s. Wall time %s.%n%n",
                run.id(), run.spec().feedbackMode(), run.plannedIterations(), run.spec().samplesPerProblem(),
                mainSet(), run.spec().evaluation().samplesPerProblem(), run.spec().evaluation().sampling().temperature(),
                Durations.format(wall)));
        md.append(iterationTable().markdown()).append('\n');
        md.append(verdict()).append("\n\n");
        md.append(chart("pass@k per iteration", Map.of(run.spec().feedbackMode(), this))).append('\n');
        rewardTokenTable().ifPresent(table -> md.append("## Reward token at inference\n\n")
                .append("Held-out `").append(mainSet()).append("` pass@1 with its 95% interval across problems, "
                        + "the same problems evaluated with each reward token in front of the prompt (from iteration "
                        + "1 on; the base, iteration 0, always without one).\n\n")
                .append(table.markdown()).append('\n'));
        md.append("## Where the time went\n\n").append(StageBreakdown.table(run.iterations()).markdown()).append('\n');
        md.append(StageBreakdown.NOTE).append('\n');
        return md.toString();
    }

    /** A Mermaid line chart of pass@1 per iteration, one line per report (GitHub renders it). */
    static String chart(String title, Map<String, RunReport> reports) {
        int iterations = reports.values().stream().mapToInt(RunReport::lastEvaluated).max().orElse(0);
        StringBuilder md = new StringBuilder("```mermaid\nxychart-beta\n");
        md.append("  title \"").append(title).append("\"\n");
        md.append("  x-axis \"iteration\" [");
        for (int i = 0; i <= iterations; i++) {
            md.append(i == 0 ? "" : ", ").append(i);
        }
        md.append("]\n  y-axis \"pass@1\" 0 --> 1\n");
        Map<String, String> legend = new LinkedHashMap<>();
        for (Map.Entry<String, RunReport> entry : reports.entrySet()) {
            List<String> values = new ArrayList<>();
            for (Iteration iteration : entry.getValue().run().iterations()) {
                double value = entry.getValue().passAt(iteration, 1);
                if (!Double.isNaN(value)) {
                    values.add(String.format(Locale.ROOT, "%.3f", value));
                }
            }
            md.append("  line [").append(String.join(", ", values)).append("]\n");
            legend.put(entry.getKey(), String.join(" → ", values));
        }
        md.append("```\n\n");
        legend.forEach((name, values) -> md.append("- ").append(name).append(": pass@1 ").append(values).append('\n'));
        return md.toString();
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
