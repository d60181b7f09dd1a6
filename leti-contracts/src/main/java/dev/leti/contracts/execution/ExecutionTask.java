package dev.leti.contracts.execution;

import dev.leti.contracts.ProblemFormat;
import java.util.Objects;

/**
 * What the executor needs, besides the program, to run a problem's tests. It travels with
 * each sample so the executor never has to look a problem up.
 *
 * @param format     how program and tests are assembled
 * @param prompt     the problem's prompt; only {@link ProblemFormat#HUMANEVAL} runs it
 *                   (prompt + completion), otherwise it may be empty
 * @param tests      MBPP: the test asserts, one per line; HumanEval: the code defining
 *                   {@code check(candidate)}; generic: any test code
 * @param setupCode  MBPP {@code test_setup_code}, run before the program; may be empty
 * @param entryPoint HumanEval: the function passed to {@code check}; otherwise may be empty
 * @param limits     resource limits
 */
public record ExecutionTask(
        ProblemFormat format,
        String prompt,
        String tests,
        String setupCode,
        String entryPoint,
        ExecutionLimits limits) {

    public ExecutionTask {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tests, "tests");
        prompt = prompt == null ? "" : prompt;
        setupCode = setupCode == null ? "" : setupCode;
        entryPoint = entryPoint == null ? "" : entryPoint;
        limits = limits == null ? ExecutionLimits.DEFAULT : limits;
    }

    /** The same task with its limits lowered to {@code maxima} where they exceed them. */
    public ExecutionTask cappedAt(ExecutionLimits maxima) {
        return new ExecutionTask(format, prompt, tests, setupCode, entryPoint, limits.cappedAt(maxima));
    }
}
