package dev.leti.contracts.generation;

import dev.leti.contracts.execution.ExecutionTask;
import java.util.Objects;

/**
 * One problem inside a generation request.
 *
 * @param problemId the problem's id in its dataset
 * @param prompt    the model's prompt, without any reward token (the generator adds it)
 * @param samples   how many programs to sample for it
 * @param execution what the executor needs to run the samples' tests
 */
public record ProblemToSample(String problemId, String prompt, int samples, ExecutionTask execution) {

    public ProblemToSample {
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(execution, "execution");
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive: " + samples);
        }
    }
}
