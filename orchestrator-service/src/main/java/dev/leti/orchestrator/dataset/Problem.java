package dev.leti.orchestrator.dataset;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionTask;

/**
 * One problem of a dataset, ready to prompt and to test.
 *
 * @param taskId     its id in the dataset
 * @param format     how program and tests are assembled
 * @param prompt     the model's prompt (LeTI's docstring prompt for MBPP, the signature and
 *                   docstring for HumanEval)
 * @param tests      MBPP asserts, one per line; HumanEval's {@code check} code
 * @param setupCode  MBPP {@code test_setup_code}
 * @param entryPoint HumanEval's function under test
 */
public record Problem(String taskId, ProblemFormat format, String prompt, String tests, String setupCode,
                      String entryPoint) {

    public ExecutionTask executionTask(ExecutionLimits limits) {
        String executedPrompt = format == ProblemFormat.HUMANEVAL ? prompt : "";
        return new ExecutionTask(format, executedPrompt, tests, setupCode, entryPoint, limits);
    }
}
