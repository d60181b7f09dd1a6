package dev.leti.orchestrator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.leti.orchestrator.Fixtures.HUMANEVAL_MINI;
import static dev.leti.orchestrator.Fixtures.MBPP_BROKEN;
import static dev.leti.orchestrator.Fixtures.MBPP_MINI;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetLoaderTest {

    /** Any file may be read here; {@link #readsOnlyUnderTheConfiguredRoots} confines. */
    private final DatasetLoader loader = new DatasetLoader(new DatasetProperties(List.of("/")));

    @Test
    void splitsMbppByTheStandardTaskIdRanges() {
        List<Problem> train = loader.load(MBPP_MINI, null, "train", null);
        List<Problem> test = loader.load(MBPP_MINI, null, "test", null);

        assertThat(train).extracting(Problem::taskId).containsExactly("601", "602", "603", "604", "605", "606");
        assertThat(test).extracting(Problem::taskId).containsExactly("11", "12", "13", "14");
        assertThat(loader.load(MBPP_MINI, null, "all", 3)).hasSize(3);
    }

    @Test
    void buildsLetiPromptsAndTestsFromMbppLines() {
        Problem first = loader.load(MBPP_MINI, ProblemFormat.MBPP, "train", 1).get(0);

        assertThat(first.format()).isEqualTo(ProblemFormat.MBPP);
        assertThat(first.prompt()).isEqualTo(Prompts.mbpp("Write a function add_0 that adds 0 to x.",
                "assert add_0(1) == 1"));
        assertThat(first.tests()).isEqualTo("assert add_0(1) == 1\nassert add_0(0) == 0");
        assertThat(first.executionTask(null).prompt()).isEmpty();
    }

    @Test
    void readsHumanEvalAsAnEvaluationSet() {
        List<Problem> problems = loader.load(HUMANEVAL_MINI, null, "test", null);

        assertThat(problems).hasSize(3);
        Problem first = problems.get(0);
        assertThat(first.format()).isEqualTo(ProblemFormat.HUMANEVAL);
        assertThat(first.taskId()).isEqualTo("HumanEval/0");
        assertThat(first.entryPoint()).isEqualTo("inc_0");
        assertThat(first.executionTask(null).prompt()).isEqualTo(first.prompt()).startsWith("def inc_0(x):");
    }

    @Test
    void reportsAMalformedLineWithItsNumber() {
        assertThatThrownBy(() -> loader.load(MBPP_BROKEN, null, "all", null))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void reportsAMissingFieldWithItsLineNumber(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("no-tests.jsonl");
        Files.writeString(file, "{\"task_id\": 601, \"text\": \"t\", \"test_list\": [\"assert f()\"]}\n"
                + "\n{\"task_id\": 602, \"test_list\": [\"assert g()\"]}\n");

        assertThatThrownBy(() -> loader.load(file.toString(), null, "train", null))
                .hasMessageContaining("line 3").hasMessageContaining("missing field 'text'");
    }

    @Test
    void rejectsMissingFilesUnknownSplitsAndEmptySplits() {
        assertThatThrownBy(() -> loader.load("/no/such/file.jsonl", null, "train", null))
                .isInstanceOf(DatasetException.class).hasMessageContaining("no dataset file")
                .matches(e -> !((DatasetException) e).aboutSplit());
        assertThatThrownBy(() -> loader.load(MBPP_MINI, null, "holdout", null))
                .hasMessageContaining("unknown MBPP split").matches(e -> ((DatasetException) e).aboutSplit());
        assertThatThrownBy(() -> loader.load(MBPP_MINI, null, "validation", null))
                .hasMessageContaining("has no problems");
    }

    @Test
    void readsOnlyUnderTheConfiguredRoots(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path root = Files.createDirectory(dir.resolve("datasets"));
        Files.copy(Path.of(MBPP_MINI), root.resolve("mbpp.jsonl"));
        Files.copy(Path.of(MBPP_MINI), dir.resolve("secret.jsonl"));
        Files.createSymbolicLink(root.resolve("link.jsonl"), dir.resolve("secret.jsonl"));
        DatasetLoader confined = new DatasetLoader(new DatasetProperties(List.of(root.toString())));

        assertThat(confined.load(root.resolve("mbpp.jsonl").toString(), null, "train", null)).hasSize(6);
        for (String outside : List.of(dir.resolve("secret.jsonl").toString(), root + "/../secret.jsonl",
                root.resolve("link.jsonl").toString(), "/etc/passwd", "file:/etc/passwd")) {
            assertThatThrownBy(() -> confined.load(outside, null, "train", null)).as(outside)
                    .isInstanceOf(DatasetException.class).hasMessageContaining("outside the dataset roots")
                    .matches(e -> !((DatasetException) e).aboutSplit());
        }
    }

    @Test
    void readsBuiltInSetsWhoseLinesCarryTheirSplit() {
        assertThat(loader.load("builtin:fixture-split", null, "train", null)).extracting(Problem::taskId)
                .containsExactly("fx-0", "fx-2", "fx-4", "fx-6", "fx-8");
        assertThat(loader.load("builtin:fixture-split", null, "test", null)).hasSize(5);
        assertThatThrownBy(() -> loader.load("builtin:../etc", null, "train", null))
                .hasMessageContaining("not a built-in dataset name");
        assertThatThrownBy(() -> loader.load("builtin:nothing-here", null, "train", null))
                .hasMessageContaining("no built-in dataset");
    }

    @Test
    void readsTheRealMbppAndHumanEvalFiles() {
        Path shared = Path.of(System.getProperty("leti.shared.datasets", "../../shared/datasets"));
        assumeTrue(Files.isRegularFile(shared.resolve("mbpp.jsonl")), "shared datasets absent");

        String mbpp = shared.resolve("mbpp.jsonl").toString();
        assertThat(loader.load(mbpp, null, "train", null)).hasSize(374);
        assertThat(loader.load(mbpp, null, "test", null)).hasSize(500);
        assertThat(loader.load(mbpp, null, "validation", null)).hasSize(90);
        assertThat(loader.load(mbpp, null, "prompt", null)).hasSize(10);
        assertThat(loader.load(shared.resolve("humaneval.jsonl").toString(), null, "test", null)).hasSize(164)
                .allMatch(p -> p.format() == ProblemFormat.HUMANEVAL && !p.entryPoint().isEmpty());
    }
}
