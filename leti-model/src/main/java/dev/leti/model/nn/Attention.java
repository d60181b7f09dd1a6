package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.config.ModelConfig;

/**
 * Causal self-attention with rotary positions, grouped-query attention and optional biases: each key/value head
 * serves {@code numHeads / numKvHeads} query heads. The queries of one group are folded into
 * the sequence axis, so keys and values are never copied per query head.
 */
public final class Attention extends SequenceBlock {

    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    private final float scale;
    private final Projection query;
    private final Projection key;
    private final Projection value;
    private final Projection output;

    public Attention(ModelConfig config) {
        this.numHeads = config.numHeads();
        this.numKvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        int kvWidth = numKvHeads * headDim;
        boolean qkvBias = config.qkvBias();
        this.query = addChildBlock("q_proj", Projection.withBias(config.hiddenSize(), numHeads * headDim, qkvBias));
        this.key = addChildBlock("k_proj", Projection.withBias(config.hiddenSize(), kvWidth, qkvBias));
        this.value = addChildBlock("v_proj", Projection.withBias(config.hiddenSize(), kvWidth, qkvBias));
        this.output = addChildBlock("o_proj",
                Projection.withBias(numHeads * headDim, config.hiddenSize(), config.outputBias()));
    }

    /**
     * @param x        (B, T, hidden)
     * @param rotation positions of the T new tokens
     * @param mask     additive mask broadcastable to (B, heads, T, keys), or null when nothing is blocked
     * @param cache    cache to append to and attend over; null attends over x alone
     */
    public NDArray apply(NDArray x, RotaryEmbedding.Rotation rotation, NDArray mask, KvCache cache, int layer) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDArray q = rotation.apply(heads(query.apply(x), numHeads));
        NDArray k = rotation.apply(heads(key.apply(x), numKvHeads));
        NDArray v = heads(value.apply(x), numKvHeads);
        if (cache != null) {
            NDArray[] written = cache.append(layer, k, v);
            k = written[0];
            v = written[1];
        }
        long keys = k.getShape().get(2);
        long group = (long) numHeads / numKvHeads * tokens;
        NDArray grouped = Tensors.scaled(q, scale).reshape(batch, numKvHeads, group, headDim).matMul(k.transpose(0, 1, 3, 2));
        NDArray scores = grouped.reshape(batch, numHeads, tokens, keys);
        NDArray wide = Tensors.cast(scores, DataType.FLOAT32);
        NDArray masked = mask == null ? wide : wide.add(mask);
        NDArray weights = Tensors.cast(masked.softmax(-1), x.getDataType());
        // The largest activations, (B, heads, T, keys) each, freed before the rest of the layer
        // runs (LlamaBlock frees the others at the layer's end); backward needs only the softmax output.
        Tensors.release(weights, grouped, scores, wide, masked);
        NDArray context = weights.reshape(batch, numKvHeads, group, keys).matMul(v)
                .reshape(batch, numHeads, tokens, headDim)
                .transpose(0, 2, 1, 3)
                .reshape(batch, tokens, (long) numHeads * headDim);
        return output.apply(context);
    }

    /** (B, T, n * headDim) to (B, n, T, headDim). */
    private NDArray heads(NDArray projected, int count) {
        Shape shape = projected.getShape();
        return projected.reshape(shape.get(0), shape.get(1), count, headDim).transpose(0, 2, 1, 3);
    }

    Projection query() {
        return query;
    }

    Projection key() {
        return key;
    }

    Projection value() {
        return value;
    }

    Projection output() {
        return output;
    }
}
