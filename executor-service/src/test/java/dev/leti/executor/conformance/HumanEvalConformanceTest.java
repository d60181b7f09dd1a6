package dev.leti.executor.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.conformance.ConformanceRunner.Case;
import dev.leti.executor.conformance.ConformanceRunner.Result;
import dev.leti.executor.program.ProgramAssembler;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** All 164 HumanEval problems, canonical and deliberately broken, in the namespace sandbox. */
class HumanEvalConformanceTest extends SandboxedSuite {


    @Test
    void everyCanonicalSolutionPasses() throws Exception {
        List<Result> results = run(HumanEvalCases.CANONICAL);

        assertThat(results).hasSize(164)
                .allSatisfy(r -> assertThat(r.report().outcome()).as(r.input().id() + ": " + r.report().feedback())
                        .isEqualTo(Outcome.PASSED));
    }

    @Test
    void anUnclosedParenthesisIsASyntaxErrorQuotingTheLineWithoutAColumnPointer() throws Exception {
        List<Result> results = run(HumanEvalCases.UNCLOSED_PARENTHESIS);

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
        List<Result> results = run(HumanEvalCases.UNDEFINED_NAME);

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
        List<Result> results = run(HumanEvalCases.RETURN_NONE);

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
        return runAll(HumanEvalCases.cases(breakSolution));
    }

    private static int brokenLine(Case c) {
        return HumanEvalCases.brokenLine(c);
    }
}
