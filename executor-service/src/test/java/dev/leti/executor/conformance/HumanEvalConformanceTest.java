package dev.leti.executor.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.TestSandboxes;
import dev.leti.executor.conformance.ConformanceRunner.Case;
import dev.leti.executor.conformance.ConformanceRunner.Result;
import dev.leti.executor.execution.ProgramExecutor;
import dev.leti.executor.program.ProgramAssembler;
import dev.leti.executor.sandbox.SandboxPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** All 164 HumanEval problems, canonical and deliberately broken, in the namespace sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HumanEvalConformanceTest {

    /** The dataset harness's 10 s: the machine is shared, so keep its generous limit. */
    static final ExecutionLimits LIMITS = new ExecutionLimits(10_000, 1L << 30, 64);
    private SandboxPool pool;
    private ProgramExecutor executor;

    @BeforeAll
    void startSandboxes() {
        pool = TestSandboxes.processPool(2);
        executor = new ProgramExecutor(pool, new SimpleMeterRegistry());
    }

    @AfterAll
    void stopSandboxes() {
        pool.close();
    }

    @Test
    void everyCanonicalSolutionPasses() throws Exception {
        List<Result> results = run(UnaryOperator.identity());

        assertThat(results).hasSize(164)
                .allSatisfy(r -> assertThat(r.report().outcome()).as(r.input().id() + ": " + r.report().feedback())
                        .isEqualTo(Outcome.PASSED));
    }

    @Test
    void anUnclosedParenthesisIsASyntaxErrorQuotingTheLineWithoutAColumnPointer() throws Exception {
        List<Result> results = run(solution -> indentOf(solution) + "return (\n" + solution);

        assertThat(results).allSatisfy(r -> {
            int line = brokenLine(r.input());
            assertThat(r.report().outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.report().exceptionType()).isEqualTo("SyntaxError");
            assertThat(r.report().feedback()).as(r.input().id()).isEqualTo("  File \"<program>\", line " + line
                    + "\n    return (\nSyntaxError: '(' was never closed");
        });
    }

    @Test
    void anUndefinedNameIsANameErrorAtTheBrokenLine() throws Exception {
        List<Result> results = run(solution -> indentOf(solution) + "leti_undefined_name\n" + solution);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.report().outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.report().exceptionType()).isEqualTo("NameError");
            assertThat(r.report().feedback()).as(r.input().id())
                    .startsWith("Traceback (most recent call last):\n  File \"<program>\", line ")
                    .contains("\n    check(" + r.input().task().entryPoint() + ")\n")
                    .contains("\", line " + brokenLine(r.input()) + ", in ")
                    .endsWith("\n    leti_undefined_name\nNameError: name 'leti_undefined_name' is not defined");
        });
    }

    @Test
    void returningNoneEndsWithTheExceptionPlainPythonRaises() throws Exception {
        List<Result> results = run(solution -> indentOf(solution) + "return None\n" + solution);

        for (Result r : results) {
            String script = ProgramAssembler.assemble(r.input().program(), r.input().task()).script();
            String expected = PlainPython.exceptionType(script);
            assertThat(r.report().exceptionType()).as(r.input().id()).isEqualTo(expected);
            assertThat(r.report().outcome()).as(r.input().id()).isEqualTo(expected == null ? Outcome.PASSED
                    : "AssertionError".equals(expected) ? Outcome.FAILED : Outcome.ERROR);
            if ("AssertionError".equals(expected)) {
                assertThat(r.report().feedback()).contains(", in check\n    assert").containsPattern("\nAssertionError(: .*)?$");
            }
        }
        assertThat(results).filteredOn(r -> r.report().outcome() == Outcome.FAILED).hasSizeGreaterThan(100);
    }

    private List<Result> run(UnaryOperator<String> breakSolution) throws Exception {
        List<Case> cases = Datasets.humanEval().stream().map(problem -> new Case(problem.get("task_id").asString(),
                breakSolution.apply(problem.get("canonical_solution").asString()), task(problem))).toList();
        return ConformanceRunner.runAll(executor, pool.size(), cases);
    }

    private static ExecutionTask task(JsonNode problem) {
        return new ExecutionTask(ProblemFormat.HUMANEVAL, problem.get("prompt").asString(),
                problem.get("test").asString(), "", problem.get("entry_point").asString(), LIMITS);
    }

    /** The broken line is the solution's first: right after the prompt. */
    private static int brokenLine(Case c) {
        return (int) c.task().prompt().chars().filter(ch -> ch == '\n').count() + 1;
    }

    private static String indentOf(String solution) {
        String first = solution.lines().filter(line -> !line.isBlank()).findFirst().orElse("    ");
        return first.substring(0, first.length() - first.stripLeading().length());
    }
}
