package dev.leti.executor.execution;

import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.GeneratedSample;
import java.time.Instant;

/**
 * The result of running one program: {@link ExecutionResult} without the sample's identity,
 * which is what the ad-hoc API answers.
 */
public record ExecutionReport(
        Outcome outcome,
        String exceptionType,
        String feedback,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        long durationMillis,
        String backend) {

    public ExecutionResult toResult(GeneratedSample sample, Instant finishedAt) {
        return new ExecutionResult(sample.sampleId(), sample.runId(), sample.iteration(), sample.purpose(),
                sample.problemId(), outcome, exceptionType, feedback, stdout, stderr, stdoutTruncated,
                stderrTruncated, durationMillis, backend, finishedAt);
    }
}
