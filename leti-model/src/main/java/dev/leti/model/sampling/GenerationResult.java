package dev.leti.model.sampling;

import dev.leti.model.sampling.StopReason;

/**
 * One finished sequence.
 *
 * @param index            position of its input in the list given to the sampler
 * @param text             the completion: stop sequence and end-of-text token removed
 * @param promptTokens     tokens in the prompt
 * @param completionTokens tokens sampled, the end-of-text token and stop sequence included
 * @param finishReason     {@code STOP}, {@code END_OF_TEXT} or {@code LENGTH} (max new tokens,
 *                         or the model's context is full)
 */
public record GenerationResult(int index, String text, int promptTokens, int completionTokens, StopReason finishReason) {
}
