package dev.leti.orchestrator.sample;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.Outcome;
import java.util.UUID;

/**
 * A recorded sample with the executor's verdict ({@code outcome} null while it is pending).
 *
 * @param evalSet the problem set: {@code train}, or the evaluation set's name
 */
public record SampleView(UUID sampleId, SamplePurpose purpose, String evalSet, String problemId, int sampleIndex,
                         String prompt, String completion, int completionTokens, String finishReason,
                         Outcome outcome, String exceptionType, String feedback, Long durationMillis) {
}
