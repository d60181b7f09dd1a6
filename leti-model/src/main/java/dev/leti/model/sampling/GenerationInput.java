package dev.leti.model.sampling;

import dev.leti.model.sampling.SamplingOptions;
import java.util.Objects;

/**
 * One sequence to generate.
 *
 * @param promptTokens the prompt, reward token included (see {@code Tokenizer.encodePrompt})
 * @param settings     temperature, top-p, top-k, max new tokens and stop sequences of this sequence
 * @param seed         seed of this sequence's random stream; give every sample its own seed
 *                     (for example {@code settings.seed()} mixed with problem and sample index)
 *                     so that samples of one prompt differ and each is reproducible
 */
public record GenerationInput(int[] promptTokens, SamplingOptions settings, long seed) {

    public GenerationInput {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(settings, "settings");
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        promptTokens = promptTokens.clone();
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    int promptLength() {
        return promptTokens.length;
    }

    int token(int index) {
        return promptTokens[index];
    }
}
