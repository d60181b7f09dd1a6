package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import dev.leti.model.config.ModelConfig;

/** One pre-norm decoder layer: {@code h = x + attn(norm(x)); out = h + mlp(norm(h))}. */
public final class DecoderLayer extends SequenceBlock {

    private final RmsNorm inputNorm;
    private final Attention attention;
    private final RmsNorm postAttentionNorm;
    private final Mlp mlp;

    public DecoderLayer(ModelConfig config) {
        this.inputNorm = addChildBlock("input_layernorm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
        this.attention = addChildBlock("self_attn", new Attention(config));
        this.postAttentionNorm = addChildBlock("post_attention_layernorm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
        this.mlp = addChildBlock("mlp", new Mlp(config));
    }

    public NDArray apply(NDArray x, RotaryEmbedding.Rotation rotation, NDArray mask, KvCache cache, int layer) {
        NDArray h = x.add(attention.apply(inputNorm.apply(x), rotation, mask, cache, layer));
        return h.add(mlp.apply(postAttentionNorm.apply(h)));
    }

    RmsNorm inputNorm() {
        return inputNorm;
    }

    Attention attention() {
        return attention;
    }

    RmsNorm postAttentionNorm() {
        return postAttentionNorm;
    }

    Mlp mlp() {
        return mlp;
    }
}
