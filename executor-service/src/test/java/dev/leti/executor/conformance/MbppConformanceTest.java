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

    /** The five canonical solutions ../shared/datasets/README.md documents as failing, and how. */
    private static final Map<Integer, String> DOCUMENTED_FAILURES = Map.of(
            341, "AssertionError", 367, "NameError", 596, "AssertionError", 642, "AssertionError", 927, "NameError");

    @Test
    void canonicalSolutionsPassExceptTheFiveDocumented() throws Exception {
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
    void theThirdAssertOf341FailsQuotingItAtItsProgramLine() throws Exception {
        Result task341 = run(UnaryOperator.identity(), id -> id == 341).get(0);

        assertThat(task341.report().outcome()).isEqualTo(Outcome.FAILED);
        String thirdAssert = task341.input().task().tests().lines().toList().get(2);
        int line = (int) task341.input().program().lines().count() + 3;
        assertThat(task341.report().feedback()).isEqualTo("Traceback (most recent call last):\n  File \"<program>\", line "
                + line + ", in <module>\n    " + thirdAssert.strip() + "\nAssertionError");
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
