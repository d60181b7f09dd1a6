package dev.leti.contracts.generation;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionTask;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One sampled program, published as soon as it is finished.
 *
 * @param sampleId         {@link #idFor(UUID, String, int)} of request, problem and index
 * @param requestId        the generation request it answers
 * @param runId            the run it belongs to
 * @param iteration        the LeTI iteration
 * @param purpose          training or evaluation
 * @param problemId        the problem's id
 * @param sampleIndex      0-based index among the problem's samples in this request
 * @param checkpointUri    the checkpoint that produced it
 * @param prompt           the prompt without the reward token (kept for the training text)
 * @param completion       the generated program text, stop sequence removed
 * @param promptTokens     tokens in the prompt, reward token included
 * @param completionTokens tokens generated
 * @param finishReason     why generation ended
 * @param execution        how to run its tests
 * @param generatedAt      when it was finished
 */
public record GeneratedSample(
        UUID sampleId,
        UUID requestId,
        UUID runId,
        int iteration,
        SamplePurpose purpose,
        String problemId,
        int sampleIndex,
        String checkpointUri,
        String prompt,
        String completion,
        int promptTokens,
        int completionTokens,
        FinishReason finishReason,
        ExecutionTask execution,
        Instant generatedAt) {

    public GeneratedSample {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(execution, "execution");
        prompt = prompt == null ? "" : prompt;
    }

    /** The deterministic id of a sample: the same request, problem and index give the same id. */
    public static UUID idFor(UUID requestId, String problemId, int sampleIndex) {
        String key = requestId + "/" + problemId + "/" + sampleIndex;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
