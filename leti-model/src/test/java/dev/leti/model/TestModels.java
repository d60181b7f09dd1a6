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

    /** Qwen2's layout: q/k/v biases, grouped-query attention, tied embeddings, a large rotary base. */
    public static ModelConfig qwen2() {
        return new ModelConfig(264, 32, 2, 4, 2, 64, 128, 1_000_000.0, 1e-6, true, ModelConfig.Family.QWEN2, false,
                null, ModelConfig.Storage.FLOAT32);
    }

    /** Llama with {@code attention_bias} (q/k/v and o biases) and Llama 3 rotary scaling, untied head. */
    public static ModelConfig llamaScaledWithBias() {
        return new ModelConfig(264, 32, 2, 4, 2, 64, 128, 500_000.0, 1e-5, false, ModelConfig.Family.LLAMA, true,
                new ModelConfig.RopeScaling(8.0, 1.0, 4.0, 16), ModelConfig.Storage.FLOAT32);
    }

    /** Float32 logits (rows, length, vocab), flattened, of row-major token ids, without gradient recording. */
    public static float[] logits(LanguageModel model, int[] tokens, int rows, int length) {
        long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
        try (ai.djl.ndarray.NDManager manager = model.manager().newSubManager();
                dev.leti.model.nn.GradMode off = dev.leti.model.nn.GradMode.disabled()) {
            return model.logits(manager.create(ids, new ai.djl.ndarray.types.Shape(rows, length))).toFloatArray();
        }
    }

    public static LanguageModel random(ModelConfig config, long seed) {
        return LanguageModel.random(config, Tokenizers.byteLevel(), ModelOptions.cpu(), seed);
    }
}
