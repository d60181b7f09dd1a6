package dev.leti.executor.api;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Body of {@code POST /api/v1/executions}. Limits and sizes are at most the server's
 * {@code leti.limits.*}.
 *
 * @param program        the program (for HumanEval: the completion that follows the prompt)
 * @param tests          MBPP: asserts, one per line; HumanEval: code defining {@code check}; generic: any code
 * @param format         how program and tests are assembled
 * @param timeoutSeconds wall-clock limit; LeTI's 5 s when absent
 * @param prompt         HumanEval: the signature and docstring the program continues
 * @param entryPoint     HumanEval: the function passed to {@code check}; required there
 * @param setupCode      MBPP: code run before the program
 * @param memoryBytes    memory limit; 1 GiB when absent
 * @param maxProcesses   processes and threads the program may have at once; 64 when absent
 */
public record ExecutionRequest(
        @NotNull String program,
        @NotNull String tests,
        @NotNull ProblemFormat format,
        @Positive Integer timeoutSeconds,
        String prompt,
        String entryPoint,
        String setupCode,
        @Positive Long memoryBytes,
        @Positive Integer maxProcesses) {

    /** The limits asked for, defaults filled in. */
    ExecutionLimits limits() {
        ExecutionLimits defaults = ExecutionLimits.DEFAULT;
        return new ExecutionLimits(timeoutSeconds == null ? defaults.timeoutMillis() : timeoutSeconds * 1000L,
                memoryBytes == null ? defaults.memoryBytes() : memoryBytes,
                maxProcesses == null ? defaults.maxProcesses() : maxProcesses);
    }
}
