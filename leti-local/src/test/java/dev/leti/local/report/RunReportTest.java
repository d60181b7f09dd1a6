package dev.leti.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.leti.local.client.EvalSample;
import dev.leti.local.client.RunStatus;
import org.junit.jupiter.api.Test;

/** The reward-token-at-inference table of a run with extra sets on the held-out split (canned data). */
class RunReportTest {

    private static RunStatus run(List<RunStatus.ExtraDataset> extras) {
        List<RunStatus.Iteration> iterations = new ArrayList<>();
        for (int i = 0; i <= 2; i++) {
            iterations.add(new RunStatus.Iteration(i, "DONE", "artifact:x", null, null,
                    List.of(new RunStatus.EvaluationRow("test", 1, 0.5, 2, 4)), null, null, 0, null, Map.of()));
        }
        return new RunStatus(UUID.randomUUID(), "demo", null, "SUCCEEDED", 2, "DONE", null, null,
                new RunStatus.Spec(2, 4, "TEXTUAL", "builtin:leti-tiny",
                        new RunStatus.Evaluation(List.of(1), 4, new RunStatus.Sampling(0.2), "GOOD", extras),
                        new RunStatus.Dataset("builtin:leti-tiny", "test")), iterations);
    }

    private static List<EvalSample> problem(String set, String problem, int passed, int n) {
        List<EvalSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new EvalSample(set, problem, i, i < passed ? "PASSED" : "FAILED"));
        }
        return samples;
    }

    private static List<EvalSample> iteration(int goodA, int badA, int noneA) {
        List<EvalSample> samples = new ArrayList<>();
        for (String set : List.of("test", "test/bad", "test/none", "humaneval/test", "test/good")) {
            int a = set.equals("test/bad") ? badA : set.equals("test/none") ? noneA : goodA;
            samples.addAll(problem(set, "a", a, 4));
            samples.addAll(problem(set, "b", 4, 4));
        }
        return samples;
    }

    @Test
    void extraSetsOnTheHeldOutSplitWithAnotherTokenBecomeColumnsFromIterationOne() {
        RunStatus run = run(List.of(
                new RunStatus.ExtraDataset("test/bad", "builtin:leti-tiny", "test", "BAD"),
                new RunStatus.ExtraDataset("humaneval/test", "/data/humaneval.jsonl", "test", "BAD"),
                new RunStatus.ExtraDataset("test/good", "builtin:leti-tiny", "test", null),
                new RunStatus.ExtraDataset("test/none", "builtin:leti-tiny", "test", "NONE")));
        Map<Integer, List<EvalSample>> samples = Map.of(0, iteration(0, 0, 0), 1, iteration(2, 0, 1),
                2, iteration(4, 1, 2));
        RunReport report = new RunReport(run, samples, Duration.ZERO);

        assertThat(report.rewardTokenSets()).containsExactly(new RunReport.TokenSet("test", "GOOD"),
                new RunReport.TokenSet("test/bad", "BAD"), new RunReport.TokenSet("test/none", "NONE"));
        String table = report.rewardTokenTable().orElseThrow().markdown();
        assertThat(table).contains("| iteration | GOOD (test) pass@1 | BAD (test/bad) pass@1 | NONE (test/none) pass@1 |");
        assertThat(table).doesNotContain("0 (base)");
        String row1 = "| 1 | " + PassRate.of(samples.get(1), "test").format() + " | "
                + PassRate.of(samples.get(1), "test/bad").format() + " | "
                + PassRate.of(samples.get(1), "test/none").format() + " |";
        assertThat(row1).isEqualTo("| 1 | 0.750 ± 0.490 | 0.500 ± 0.980 | 0.625 ± 0.735 |");
        assertThat(table).contains(row1);
        assertThat(table).contains("| 2 | 1.000 ± 0.000 | 0.625 ± 0.735 | 0.750 ± 0.490 |");
        assertThat(report.rewardTokenConsole()).contains("reward token at inference").contains("BAD (test/bad)");
        assertThat(report.markdown("demo")).contains("## Reward token at inference").contains(row1);
    }

    @Test
    void aRunWithOneTokenOnTheHeldOutSplitHasNoTokenTable() {
        RunReport report = new RunReport(run(List.of(
                new RunStatus.ExtraDataset("humaneval/test", "/data/humaneval.jsonl", "test", "BAD"),
                new RunStatus.ExtraDataset("test/good", "builtin:leti-tiny", "test", "GOOD"))),
                Map.of(1, iteration(2, 0, 1)), Duration.ZERO);

        assertThat(report.rewardTokenTable()).isEmpty();
        assertThat(report.rewardTokenConsole()).isEmpty();
        assertThat(report.markdown("demo")).doesNotContain("Reward token at inference");
    }
}
