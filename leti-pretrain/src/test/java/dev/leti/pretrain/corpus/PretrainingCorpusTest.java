package dev.leti.pretrain.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.Prompts;
import dev.leti.pretrain.corpus.PretrainingCorpus.TaskFrame;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The corpus the shipped tiny model was pre-trained on holds no solution to any built-in
 * problem, checked on the committed problem files against the corpus text, independently of
 * how the generator assigns compositions.
 */
class PretrainingCorpusTest {

    private static final Pattern DOCSTRING = Pattern.compile("\\A\"\"\"\\n(.*)\\n(assert .*)\\n\"\"\"\\n", Pattern.DOTALL);

    private static List<String> corpus;
    private static List<String> corpusSkeletons;

    @BeforeAll
    static void buildCorpus() {
        BuiltinProblemFiles.assumePython();
        corpus = PretrainingCorpus.documents(PretrainingCorpus.Settings.defaults());
        corpusSkeletons = corpus.stream().map(CodeSkeleton::of).toList();
    }

    @Test
    void isSizedForTheTinyModel() {
        assertThat(corpus.stream().mapToInt(String::length).sum()).isBetween(3_000_000, 12_000_000);
    }

    @Test
    void isDeterministicForASeed() {
        PretrainingCorpus.Settings small = new PretrainingCorpus.Settings(5L, 1, 100);

        assertThat(PretrainingCorpus.documents(small)).isEqualTo(PretrainingCorpus.documents(small))
                .isNotEqualTo(PretrainingCorpus.documents(new PretrainingCorpus.Settings(6L, 1, 100)));
    }

    @Test
    void taskDocumentsHaveTheShapeOfTheSuitesPrompts() {
        List<String> tasks = corpus.stream().filter(document -> document.startsWith("\"\"\"")).toList();

        assertThat(tasks).hasSizeGreaterThan(corpus.size() / 2).allSatisfy(document -> {
            Matcher prompt = DOCSTRING.matcher(document);
            assertThat(prompt.find()).isTrue();
            assertThat(document).startsWith(Prompts.mbpp(prompt.group(1), prompt.group(2)))
                    .contains("\ndef ").endsWith("\n");
        });
    }

    @Test
    void anotherTaskFrameWritesTheSameContentOutsideTheMbppPromptsShape() {
        String program = "def double_all(xs):\n    return [x * 2 for x in xs]\n";
        String assertion = "assert double_all([1, 2]) == [2, 4]";

        assertThat(TaskFrame.MBPP.document("Double them.", assertion, program))
                .isEqualTo(Prompts.mbpp("Double them.", assertion) + program);
        assertThat(TaskFrame.COMMENTS.document("Double them.", assertion, program))
                .isEqualTo("# Double them.\n# example: double_all([1, 2]) == [2, 4]\n" + program);
        assertThat(TaskFrame.DOCSTRING_IN_FUNCTION.document("Double them.", assertion, program))
                .isEqualTo("def double_all(xs):\n    \"\"\"Double them.\n    double_all([1, 2]) == [2, 4]\n    \"\"\"\n"
                        + "    return [x * 2 for x in xs]\n");
        for (TaskFrame frame : List.of(TaskFrame.COMMENTS, TaskFrame.DOCSTRING_IN_FUNCTION)) {
            List<String> documents = PretrainingCorpus.documents(new PretrainingCorpus.Settings(5L, 1, 0, frame));
            assertThat(documents).as("%s", frame).isNotEmpty().noneMatch(document -> document.startsWith("\"\"\""));
            assertThat(PythonBatch.parses(documents)).as("%s", frame).containsOnly(true);
        }
    }

    @Test
    void everyDocumentParsesAsPython() {
        assertThat(PythonBatch.parses(corpus)).containsOnly(true);
    }

    @Test
    void noDocumentHoldsABuiltInProblemsSolutionEvenRenamed() {
        for (JsonNode problem : problems()) {
            String body = CodeSkeleton.ofBody(problem.get("code").asString());
            assertThat(corpusSkeletons).as("task %s", problem.get("task_id")).noneMatch(document -> document.contains(body));
        }
    }

    @Test
    void noDocumentNamesABuiltInProblemsFunctionOrTests() {
        for (JsonNode problem : problems()) {
            String code = problem.get("code").asString();
            String definition = code.substring(0, code.indexOf('(') + 1);
            List<String> tests = problem.get("test_list").valueStream().map(JsonNode::asString).toList();
            assertThat(corpus).as("task %s", problem.get("task_id")).noneMatch(document ->
                    document.contains(definition) || tests.stream().anyMatch(document::contains));
        }
    }

    @Test
    void noDocumentDescribesABuiltInProblemsTaskUpToConstants() {
        List<String> described = corpus.stream().map(DOCSTRING::matcher).filter(Matcher::find)
                .map(prompt -> BuiltinProblemSetTest.withoutConstants(prompt.group(1))).distinct().toList();

        for (JsonNode problem : problems()) {
            assertThat(described).as("task %s", problem.get("task_id"))
                    .doesNotContain(BuiltinProblemSetTest.withoutConstants(problem.get("text").asString()));
        }
    }

    private static List<JsonNode> problems() {
        return Stream.of(Role.TRAIN, Role.TEST).flatMap(split -> BuiltinProblemFiles.read(split).stream()).toList();
    }
}
