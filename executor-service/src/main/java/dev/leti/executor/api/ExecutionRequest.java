package dev.leti.executor.api;

import dev.leti.contracts.ProblemFormat;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Body of {@code POST /api/v1/executions}.
 *
 * @param program        the program (for HumanEval: the completion that follows the prompt)
 * @param tests          MBPP: asserts, one per line; HumanEval: code defining {@code check}; generic: any code
 * @param format         how program and tests are assembled
 * @param timeoutSeconds wall-clock limit; LeTI's 5 s when absent
 * @param prompt         HumanEval: the signature and docstring the program continues
 * @param entryPoint     HumanEval: the function passed to {@code check}; required there
 * @param setupCode      MBPP: code run before the program
 */
public record ExecutionRequest(
        @NotNull String program,
        @NotNull String tests,
        @NotNull ProblemFormat format,
        @Positive @Max(600) Integer timeoutSeconds,
        String prompt,
        String entryPoint,
        String setupCode) {
}
