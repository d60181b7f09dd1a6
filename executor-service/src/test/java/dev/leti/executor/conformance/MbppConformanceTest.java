package dev.leti.executor.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.conformance.ConformanceRunner.Case;
import dev.leti.executor.conformance.ConformanceRunner.Result;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** All 974 MBPP problems, canonical and broken, in the namespace sandbox. */
class MbppConformanceTest extends SandboxedSuite {

    /**
     * Four of the five canonical solutions ../shared/datasets/README.md documents as failing, and how.
     * The fifth, 341, passes here: its third assert holds only for one iteration order of a set, and a
     * set the tests pass to the program reaches it rebuilt in the program's process (sandbox
     * "Verdict protocol" in docs/architecture.md), where that order differs.
     */
    private static final Map<Integer, String> DOCUMENTED_FAILURES = Map.of(
            367, "NameError", 596, "AssertionError", 642, "AssertionError", 927, "NameError");

    @Test
    void canonicalSolutionsPassExceptTheFourDocumented() throws Exception {
        List<Result> results = run(UnaryOperator.identity(), id -> true);

        assertThat(results).hasSize(974);
        Map<Integer, String> failures = results.stream().filter(r -> r.report().outcome() != Outcome.PASSED)
                .collect(Collectors.toMap(r -> Integer.parseInt(r.input().id()),
                        r -> String.valueOf(r.report().exceptionType()) + " " + r.report().outcome() + " "
                                + r.report().feedback() + r.report().stderr()));
        assertThat(failures).hasSameSizeAs(DOCUMENTED_FAILURES);
        DOCUMENTED_FAILURES.forEach((id, type) -> assertThat(failures.get(id)).as("task " + id).startsWith(type + " "));
    }

    @Test
    void theSecondAssertOf642FailsQuotingItAtItsProgramLine() throws Exception {
        Result task642 = run(UnaryOperator.identity(), id -> id == 642).get(0);

        assertThat(task642.report().outcome()).isEqualTo(Outcome.FAILED);
        String secondAssert = task642.input().task().tests().lines().toList().get(1);
        int line = (int) task642.input().program().lines().count() + 2;
        assertThat(task642.report().feedback()).isEqualTo("Traceback (most recent call last):\n  File \"<program>\", line "
                + line + ", in <module>\n    " + secondAssert.strip() + "\nAssertionError");
    }

    @Test
    void anUndefinedNameOnTheFirstLineIsANameErrorThere() throws Exception {
        List<Result> results = run(code -> "leti_undefined_name\n" + code, id -> id != 367 && id != 927);

        assertThat(results).hasSize(972).allSatisfy(r -> {
            assertThat(r.report().outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.report().feedback()).as(r.input().id()).isEqualTo("""
                    Traceback (most recent call last):
                      File "<program>", line 1, in <module>
                        leti_undefined_name
                    NameError: name 'leti_undefined_name' is not defined""");
        });
    }

    private List<Result> run(UnaryOperator<String> breakCode, IntPredicate taskIds) throws Exception {
        List<Case> cases = Datasets.mbpp().stream()
                .filter(problem -> taskIds.test(problem.get("task_id").asInt()))
                .map(problem -> new Case(problem.get("task_id").asString(),
                        breakCode.apply(problem.get("code").asString()), task(problem))).toList();
        return runAll(cases);
    }

    private static ExecutionTask task(JsonNode problem) {
        String tests = StreamSupport.stream(problem.get("test_list").spliterator(), false).map(JsonNode::asString)
                .collect(Collectors.joining("\n"));
        return new ExecutionTask(ProblemFormat.MBPP, "", tests, problem.get("test_setup_code").asString(), "",
                HumanEvalCases.LIMITS);
    }
}
