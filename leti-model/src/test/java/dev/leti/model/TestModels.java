package dev.leti.model;

import dev.leti.model.config.ModelConfig;
import dev.leti.model.tokenizer.Tokenizers;

/** Small configurations for tests: fast on two cores, yet with every architectural feature. */
public final class TestModels {

    private TestModels() {
    }

    /** Grouped-query attention (4 query heads over 2 key/value heads), untied head, padded vocabulary. */
    public static ModelConfig small() {
        return new ModelConfig(264, 32, 2, 4, 2, 64, 128, 10000.0, 1e-5, false);
    }

    /** Tied embeddings, plain multi-head attention. */
    public static ModelConfig tied() {
        return new ModelConfig(262, 32, 2, 2, 2, 48, 128, 500.0, 1e-6, true);
    }

    public static LanguageModel random(ModelConfig config, long seed) {
        return LanguageModel.random(config, Tokenizers.byteLevel(), ModelOptions.cpu(), seed);
    }
}
