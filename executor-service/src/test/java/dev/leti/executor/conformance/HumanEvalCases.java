package dev.leti.executor.conformance;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.executor.conformance.ConformanceRunner.Case;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** HumanEval's canonical solutions and their deliberately broken variants. */
public final class HumanEvalCases {

    /**
     * Generous on purpose: a canonical solution that needs a few CPU seconds (MBPP 123) takes
     * many times that in wall time when other builds load the shared cores, and what these
     * suites check is the verdict, not the speed.
     */
    public static final ExecutionLimits LIMITS = new ExecutionLimits(60_000, 1L << 30, 64);
    public static final UnaryOperator<String> CANONICAL = UnaryOperator.identity();
    /** An unclosed parenthesis as the solution's first line: a SyntaxError there. */
    public static final UnaryOperator<String> UNCLOSED_PARENTHESIS = solution -> indentOf(solution) + "return (\n" + solution;
    /** An undefined name as the solution's first line: a NameError there. */
    public static final UnaryOperator<String> UNDEFINED_NAME = solution -> indentOf(solution) + "leti_undefined_name\n" + solution;
    /** Returning None at once: mostly a failed assert, sometimes a TypeError. */
    public static final UnaryOperator<String> RETURN_NONE = solution -> indentOf(solution) + "return None\n" + solution;

    private HumanEvalCases() {
    }

    public static List<Case> cases(UnaryOperator<String> breakSolution) throws IOException {
        return Datasets.humanEval().stream().map(problem -> new Case(problem.get("task_id").asString(),
                breakSolution.apply(problem.get("canonical_solution").asString()), task(problem))).toList();
    }

    /** The benchmark's fixed mix: every problem canonical and in each broken variant. */
    public static List<Case> benchmarkMix() throws IOException {
        List<Case> mix = new ArrayList<>();
        for (UnaryOperator<String> variant : List.of(CANONICAL, UNCLOSED_PARENTHESIS, UNDEFINED_NAME, RETURN_NONE)) {
            mix.addAll(cases(variant));
        }
        return mix;
    }

    /** The script line of a broken variant's inserted line: right after the prompt. */
    static int brokenLine(Case c) {
        return (int) c.task().prompt().chars().filter(ch -> ch == '\n').count() + 1;
    }

    private static ExecutionTask task(JsonNode problem) {
        return new ExecutionTask(ProblemFormat.HUMANEVAL, problem.get("prompt").asString(),
                problem.get("test").asString(), "", problem.get("entry_point").asString(), LIMITS);
    }

    private static String indentOf(String solution) {
        String first = solution.lines().filter(line -> !line.isBlank()).findFirst().orElse("    ");
        return first.substring(0, first.length() - first.stripLeading().length());
    }
}
