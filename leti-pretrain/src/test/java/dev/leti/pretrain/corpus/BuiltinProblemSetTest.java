package dev.leti.pretrain.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BuiltinProblemSetTest {

    private static final Pattern DEFINED = Pattern.compile("^def (\\w+)\\(", Pattern.MULTILINE);

    @BeforeAll
    static void python() {
        BuiltinProblemFiles.assumePython();
    }

    @Test
    void committedFilesAreExactlyWhatTheGeneratorWrites() throws IOException {
        List<BuiltinProblemSet.Problem> problems = BuiltinProblemSet.build();

        for (Role split : List.of(Role.TRAIN, Role.TEST)) {
            assertThat(BuiltinProblemFiles.file(split))
                    .as("regenerate with BuiltinProblemSet (see docs/problems.md)")
                    .hasContent(BuiltinProblemSet.jsonLines(problems, split).stripTrailing());
        }
    }

    @Test
    void everyProblemIsAnMbppLineWithThreeAssertsOnItsOwnFunction() {
        Set<Integer> taskIds = new HashSet<>();
        for (JsonNode problem : all()) {
            assertThat(problem.propertyNames()).containsExactly(
                    "text", "code", "task_id", "test_setup_code", "test_list", "challenge_test_list");
            assertThat(taskIds.add(problem.get("task_id").asInt())).isTrue();
            Matcher defined = DEFINED.matcher(problem.get("code").asString());
            assertThat(defined.find()).isTrue();
            assertThat(problem.get("test_list")).hasSize(3)
                    .allSatisfy(test -> assertThat(test.asString()).startsWith("assert " + defined.group(1) + "("));
        }
        assertThat(BuiltinProblemFiles.read(Role.TRAIN)).hasSizeBetween(200, 300);
        assertThat(BuiltinProblemFiles.read(Role.TEST)).hasSizeBetween(100, 150);
    }

    @Test
    void everyReferenceSolutionPassesItsAssertsUnderPython(@TempDir Path directory) throws Exception {
        Path runner = directory.resolve("check.py");
        Files.writeString(runner, """
                import json, sys
                for path in sys.argv[1:]:
                    for line in open(path, encoding='utf-8'):
                        problem = json.loads(line)
                        program = problem['test_setup_code'] + '\\n' + problem['code'] + '\\n' + '\\n'.join(problem['test_list'])
                        try:
                            exec(program, {})
                        except BaseException as error:
                            print(problem['task_id'], type(error).__name__)
                """);
        Process process = new ProcessBuilder(PythonBatch.PYTHON, "-I", runner.toString(),
                BuiltinProblemFiles.file(Role.TRAIN).toString(), BuiltinProblemFiles.file(Role.TEST).toString())
                .redirectErrorStream(true).start();
        String failures = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(failures).as("task ids whose reference solution fails").isEmpty();
    }

    @Test
    void noTestProblemIsANearCopyOfATrainProblem() {
        Set<String> trainSkeletons = new HashSet<>();
        Set<String> trainDescriptions = new HashSet<>();
        for (JsonNode problem : BuiltinProblemFiles.read(Role.TRAIN)) {
            trainSkeletons.add(CodeSkeleton.of(problem.get("code").asString()));
            trainDescriptions.add(withoutConstants(problem.get("text").asString()));
        }

        for (JsonNode problem : BuiltinProblemFiles.read(Role.TEST)) {
            assertThat(trainSkeletons).as("task %s: its solution up to names and constants", problem.get("task_id"))
                    .doesNotContain(CodeSkeleton.of(problem.get("code").asString()));
            assertThat(trainDescriptions).as("task %s: its description up to constants", problem.get("task_id"))
                    .doesNotContain(withoutConstants(problem.get("text").asString()));
        }
    }

    /** A description with its numbers and quoted letters blanked and the lead unified. */
    static String withoutConstants(String description) {
        return description.replace("Write a python function", "Write a function")
                .replaceAll("\\d+", "N").replaceAll("'[^']*'", "S");
    }

    private static List<JsonNode> all() {
        return Stream.of(Role.TRAIN, Role.TEST).flatMap(split -> BuiltinProblemFiles.read(split).stream()).toList();
    }
}
