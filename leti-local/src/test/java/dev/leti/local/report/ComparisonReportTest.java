package dev.leti.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.leti.local.client.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pass@1 against gradient steps per feedback mode, on canned run views (no stack). */
class ComparisonReportTest {

    /** A finished run: pass@1 per iteration (iteration 0 first) and each training job's own steps. */
    static RunStatus run(String mode, double[] passAt1, int[] jobSteps) {
        List<RunStatus.Iteration> iterations = new ArrayList<>();
        for (int i = 0; i < passAt1.length; i++) {
            RunStatus.Training training = i == 0 ? null
                    : new RunStatus.Training("SUCCEEDED", 100, jobSteps[i - 1], jobSteps[i - 1], 2.0, 1.0, 1000L, 1000L);
            iterations.add(new RunStatus.Iteration(i, "DONE", "artifact:x", null, null,
                    List.of(new RunStatus.EvaluationRow("test", 1, passAt1[i], 20, 4)), null, null, 0, training,
                    Map.of()));
        }
        return new RunStatus(UUID.randomUUID(), mode, null, "SUCCEEDED", passAt1.length - 1, "DONE", null, null,
                new RunStatus.Spec(passAt1.length - 1, 4, mode, "builtin:leti-tiny",
                        new RunStatus.Evaluation(List.of(1), 4, 0.2)), iterations);
    }

    static ComparisonReport comparison() {
        Map<String, RunReport> runs = new LinkedHashMap<>();
        runs.put("TEXTUAL", new RunReport(run("TEXTUAL", new double[] {0.20, 0.25, 0.30}, new int[] {100, 136}),
                Map.of(), Duration.ZERO));
        runs.put("BINARY", new RunReport(run("BINARY", new double[] {0.20, 0.24, 0.26}, new int[] {80, 80}),
                Map.of(), Duration.ZERO));
        runs.put("NONE", new RunReport(run("NONE", new double[] {0.20, 0.20, 0.20}, new int[] {40, 40}),
                Map.of(), Duration.ZERO));
        return new ComparisonReport(runs, Duration.ofMinutes(3));
    }

    @Test
    void gradientStepsAreTheCumulativeStepsOfTheTrainingJobsAndZeroForTheBase() {
        RunStatus textual = run("TEXTUAL", new double[] {0.20, 0.25, 0.30}, new int[] {100, 136});
        assertThat(ComparisonReport.gradientSteps(textual, 0)).isZero();
        assertThat(ComparisonReport.gradientSteps(textual, 1)).isEqualTo(100);
        assertThat(ComparisonReport.gradientSteps(textual, 2)).isEqualTo(236);
    }

    @Test
    void theTableListsStepsAndPassAtOnePerModeAndIteration() {
        String table = comparison().stepsTable().markdown();

        assertThat(table).contains("| iteration | TEXTUAL steps | TEXTUAL pass@1 | BINARY steps | BINARY pass@1 "
                + "| NONE steps | NONE pass@1 |");
        assertThat(table).contains("| 0 (base) | 0 | 0.200 | 0 | 0.200 | 0 | 0.200 |");
        assertThat(table).contains("| 1 | 100 | 0.250 | 80 | 0.240 | 40 | 0.200 |");
        assertThat(table).contains("| 2 | 236 | 0.300 | 160 | 0.260 | 80 | 0.200 |");
    }

    @Test
    void theTextChartPutsEachModesLetterWhereItsPointIs() {
        StepsChart chart = comparison().stepsChart();
        assertThat(chart.maxSteps()).isEqualTo(236);
        assertThat(chart.yMin()).isEqualTo(0.20, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(chart.yMax()).isEqualTo(0.30, org.assertj.core.api.Assertions.within(1e-9));

        String ascii = chart.ascii();
        List<String> grid = ascii.lines().filter(line -> line.length() > 8 && line.charAt(8) == '|').toList();
        assertThat(grid).hasSize(StepsChart.HEIGHT);
        // column = round(steps / 236 * 59); row from the top = 14 - round((pass@1 - 0.20) / 0.10 * 14)
        Map<String, Character> expected = new LinkedHashMap<>();
        expected.put("14,0", '*');   // the shared base point of all three modes
        expected.put("7,25", 'T');   // TEXTUAL 100 steps, 0.25
        expected.put("0,59", 'T');   // TEXTUAL 236 steps, 0.30
        expected.put("8,20", 'B');   // BINARY 80 steps, 0.24
        expected.put("6,40", 'B');   // BINARY 160 steps, 0.26
        expected.put("14,10", 'N');  // NONE 40 steps, 0.20
        expected.put("14,20", 'N');  // NONE 80 steps, 0.20
        long marks = 0;
        for (int r = 0; r < grid.size(); r++) {
            String line = grid.get(r);
            for (int c = 0; c < StepsChart.WIDTH; c++) {
                char at = 9 + c < line.length() ? line.charAt(9 + c) : ' ';
                Character want = expected.get(r + "," + c);
                assertThat(at).as("row %d column %d", r, c).isEqualTo(want == null ? ' ' : want);
                marks += at == ' ' ? 0 : 1;
            }
        }
        assertThat(marks).isEqualTo(expected.size());
        assertThat(grid.get(0)).startsWith("  0.300 |");
        assertThat(grid.get(StepsChart.HEIGHT - 1)).startsWith("  0.200 |");
        assertThat(ascii).contains("gradient steps").contains("T TEXTUAL").contains("B BINARY").contains("N NONE");
        List<String> lines = ascii.lines().toList();
        String xLabels = lines.get(lines.indexOf(grid.get(StepsChart.HEIGHT - 1)) + 2);
        assertThat(xLabels.trim()).startsWith("0").endsWith("236").contains("118");
        assertThat(xLabels.indexOf("236") + 2).isEqualTo(8 + StepsChart.WIDTH);
    }

    @Test
    void theSvgHasAPointPerModeAndIterationWhereItBelongs() {
        StepsChart chart = comparison().stepsChart();
        String svg = chart.svg();

        assertThat(svg).startsWith("<svg").contains("data-series=\"TEXTUAL\"").contains("data-series=\"NONE\"");
        assertThat(svg.split("<circle ", -1)).hasSize(1 + 9);
        // the plotting area spans x 60..510 and y 310 (0.20) .. 30 (0.30)
        assertThat(svg).contains("<circle cx=\"60.0\" cy=\"310.0\"");
        assertThat(svg).contains("<circle cx=\"510.0\" cy=\"30.0\"");
        assertThat(svg).contains(String.format(java.util.Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\"",
                60 + 160 / 236.0 * 450, 310 - 0.6 * 280));
    }

    @Test
    void writingTheReportPutsTheSvgNextToTheMarkdownAndLinksIt(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("comparison-report.md");
        comparison().write(report);

        Path svg = dir.resolve("comparison-report-steps.svg");
        assertThat(ComparisonReport.svgFile(report)).isEqualTo(svg);
        assertThat(Files.readString(svg)).startsWith("<svg");
        String md = Files.readString(report);
        assertThat(md).contains("![pass@1 against gradient steps](comparison-report-steps.svg)");
        assertThat(md).contains("## pass@1 against gradient steps").contains("| 2 | 236 | 0.300 |")
                .contains("```text\n");
        // the existing parts are still there, unchanged
        assertThat(md).contains(comparison().passAtKTable().markdown()).contains("## Change from the base");
        assertThat(comparison().markdown()).doesNotContain("![");
    }
}
