package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.config.ModelConfig;
import java.util.Map;

/**
 * The cached decoding step (one new token per row, float32, no gradient) in well under half the
 * native calls of the general forward pass: a small model's step costs per call, not per flop.
 * Built once from the Hugging Face named parameters (which stay the trained, saved ones):
 * <ul>
 * <li>one q|k|v matrix (and bias, for Qwen2) and one gate|up matrix per layer, split by views;</li>
 * <li>RMSNorm in one call: the residual stream carries an extra constant column
 *     {@code c = sqrt(n * eps)}, so that {@code rmsnorm(h) = sqrt(n) * normalize([h, c])[:n]}
 *     exactly; {@code sqrt(n)} and the norm's gain fold into the next matrix (whose extra input
 *     column is 0), the attention scale {@code 1/sqrt(headDim)} into the query rows;</li>
 * <li>the output and down projections add the residual in the same call (addmm), with an extra
 *     zero output row so the constant column passes through unchanged;</li>
 * <li>rotary embedding of q and k together as one matmul with per-position rotation matrices,
 *     built once per step for all layers; no attention mask unless rows are padded.</li>
 * </ul>
 * Costs a second copy of the weights; {@link LlamaBlock} drops it when parameters change, and
 * uses it only for models it {@link #pays} for.
 */
final class FusedDecoder implements AutoCloseable {

    /**
     * The largest model decoded through this step. Below it a step costs per native call: the
     * 0.84M built-in model samples 1.3-1.7x faster at batch 1 (2026-12-08, 2 cores). Above it a
     * step costs per flop while the copy grows with the model: a 54M-parameter Qwen2 layout
     * sampled at the same speed either way (batch 1 and 16) and the copy held 500 MiB more
     * resident memory after sampling (1.04 GiB against 0.55 GiB), peaking at 1.42 GiB while built.
     * The bound lies between those two measured sizes (a 64 MiB copy at float32); sizes in between
     * were not measured.
     */
    static final long MAX_PARAMETERS = 16_000_000L;

    /** Floor of the norm in {@code normalize}; the constant column keeps every norm above it. */
    private static final double NORM_FLOOR = 1e-30;

    private final NDManager manager;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int hidden;
    private final int intermediate;
    private final int vocab;
    private final NDArray embedding;
    private final NDArray head;
    private final NDArray rotaryTable;
    private final NDArray rotaryBasis;
    private final Layer[] layers;

    /** One decoder layer's rearranged matrices, and its q|k|v and output biases (null where the model has none). */
    private record Layer(NDArray qkv, NDArray qkvBias, NDArray output, NDArray outputBias, NDArray gateUp, NDArray down) {
    }

    private FusedDecoder(ModelConfig config, NDManager manager, NDArray embedding, NDArray head, NDArray[] rotary,
            Layer[] layers) {
        this.manager = manager;
        this.heads = config.numHeads();
        this.kvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        this.hidden = config.hiddenSize();
        this.intermediate = config.intermediateSize();
        this.vocab = config.vocabSize();
        this.embedding = embedding;
        this.head = head;
        this.rotaryTable = rotary[0];
        this.rotaryBasis = rotary[1];
        this.layers = layers;
        for (Layer layer : layers) {
            keep(layer.qkv, layer.qkvBias, layer.output, layer.outputBias, layer.gateUp, layer.down);
        }
        keep(embedding, head, rotaryTable, rotaryBasis);
    }

    /** Whether decoding a model of this configuration through the fused step is worth its copy of the weights. */
    static boolean pays(ModelConfig config) {
        return config.parameterCount() <= MAX_PARAMETERS;
    }

    /** Rearranges the block's parameters (under their Hugging Face names); owns the result in a sub-manager of {@code parent}. */
    static FusedDecoder build(ModelConfig config, Map<String, LlamaBlock.NamedParameter> parameters,
            RotaryEmbedding rotary, NDManager parent) {
        NDManager manager = parent.newSubManager();
        try (NDManager scratch = parent.newSubManager()) {
            Weights weights = new Weights(parameters, scratch, config);
            float queryScale = (float) (1.0 / Math.sqrt(config.headDim()));
            Layer[] layers = new Layer[config.numLayers()];
            for (int i = 0; i < layers.length; i++) {
                String prefix = "model.layers." + i + ".";
                NDArray stacked = weights.get(prefix + "self_attn.q_proj.weight").mul(queryScale)
                        .concat(weights.get(prefix + "self_attn.k_proj.weight"), 0)
                        .concat(weights.get(prefix + "self_attn.v_proj.weight"), 0);
                NDArray gateUp = weights.get(prefix + "mlp.gate_proj.weight").concat(weights.get(prefix + "mlp.up_proj.weight"), 0);
                NDArray qkvBias = !config.qkvBias() ? null
                        : weights.get(prefix + "self_attn.q_proj.bias").mul(queryScale)
                                .concat(weights.get(prefix + "self_attn.k_proj.bias"), 0)
                                .concat(weights.get(prefix + "self_attn.v_proj.bias"), 0);
                NDArray outputBias = !config.outputBias() ? null
                        : weights.get(prefix + "self_attn.o_proj.bias").concat(scratch.zeros(new Shape(1)), 0);
                layers[i] = new Layer(weights.normedInput(stacked, prefix + "input_layernorm.weight"), qkvBias,
                        weights.zeroOutputRow(weights.get(prefix + "self_attn.o_proj.weight")), outputBias,
                        weights.normedInput(gateUp, prefix + "post_attention_layernorm.weight"),
                        weights.zeroOutputRow(weights.get(prefix + "mlp.down_proj.weight")));
            }
            NDArray table = weights.get("model.embed_tokens.weight");
            String headName = config.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
            NDArray head = weights.normedInput(weights.get(headName), "model.norm.weight");
            float constant = (float) Math.sqrt(config.hiddenSize() * config.rmsNormEps());
            NDArray embedding = table.concat(scratch.full(new Shape(config.vocabSize(), 1), constant), 1);
            return new FusedDecoder(config, manager, embedding, head, rotary.linearForm(scratch), layers);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Moves arrays into this decoder's manager, out of any {@link NDScope} open around the step that built them. */
    private void keep(NDArray... arrays) {
        for (NDArray array : arrays) {
            if (array == null) {
                continue;
            }
            array.attach(manager);
            NDScope.unregister(array);
        }
    }

    /**
     * Logits (B, 1, vocab) of one new token per row after what the cache holds; appends the
     * token's keys and values to the cache. Intermediates are owned by the tokens' manager.
     *
     * @param tokens    (B, 1) int64
     * @param positions (B or 1, 1) int64
     * @param mask      additive mask broadcastable to (B, 1, 1, length + 1), or null when no row is padded
     */
    NDArray step(NDArray tokens, NDArray positions, NDArray mask, KvCache cache) {
        NDManager owner = tokens.getManager();
        long batch = cache.batchSize();
        int keys = cache.length() + 1;
        NDArray rotation = rotation(positions);
        NDArray h = Native.reshape(Native.lookup(tokens, embedding), batch, hidden + 1L);
        for (int i = 0; i < layers.length; i++) {
            h = attention(i, h, rotation, mask, cache, keys, owner);
            h = mlp(layers[i], h, batch, owner);
        }
        cache.advance(1);
        NDArray logits = Native.linear(Native.normalize(h, NORM_FLOOR), head, null);
        return Native.reshape(logits, batch, 1, vocab);
    }

    /** Rotation matrices (B or 1, 1, headDim, headDim) of the step's positions. */
    private NDArray rotation(NDArray positions) {
        NDArray cosSin = Native.reshape(Native.lookup(positions, rotaryTable), -1, 2, 1, headDim);
        return Native.sum(Native.mul(cosSin, rotaryBasis), 1);
    }

    private NDArray attention(int index, NDArray h, NDArray rotation, NDArray mask, KvCache cache, int keys,
            NDManager owner) {
        long batch = cache.batchSize();
        long rotated = heads + (long) kvHeads;
        Layer layer = layers[index];
        NDArray projected = Native.reshape(Native.linear(Native.normalize(h, NORM_FLOOR), layer.qkv, layer.qkvBias),
                batch, rotated + kvHeads, 1, headDim);
        NDArray queriesAndKeys = Native.matMul(
                Native.slice(projected, new long[4], new long[] {batch, rotated, 1, headDim}, owner), rotation);
        cache.writeNext(index,
                Native.slice(queriesAndKeys, new long[] {0, heads, 0, 0}, new long[] {batch, rotated, 1, headDim}, owner),
                Native.slice(projected, new long[] {0, rotated, 0, 0}, new long[] {batch, rotated + kvHeads, 1, headDim}, owner));
        NDArray queries = Native.slice(queriesAndKeys, new long[4], new long[] {batch, heads, 1, headDim}, owner);
        if (heads != kvHeads) {
            queries = Native.reshape(queries, batch, kvHeads, heads / kvHeads, headDim);
        }
        NDArray scores = Native.matMul(queries, cache.transposedKeys(index, keys, owner));
        if (mask != null) {
            scores = Native.add(scores, mask);
        }
        NDArray context = Native.matMul(Native.softmax(scores), cache.values(index, keys, owner));
        NDArray residual = layer.outputBias == null ? h : Native.add(h, layer.outputBias);
        return Native.linear(Native.reshape(context, batch, (long) heads * headDim), layer.output, residual);
    }

    private NDArray mlp(Layer layer, NDArray h, long batch, NDManager owner) {
        NDArray both = Native.linear(Native.normalize(h, NORM_FLOOR), layer.gateUp, null);
        NDArray gate = Native.slice(both, new long[2], new long[] {batch, intermediate}, owner);
        NDArray up = Native.slice(both, new long[] {0, intermediate}, new long[] {batch, 2L * intermediate}, owner);
        return Native.linear(Native.mul(Native.mul(gate, Native.sigmoid(gate)), up), layer.down, h);
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Copies of the parameters in a scratch manager, and the two rearrangements. */
    private record Weights(Map<String, LlamaBlock.NamedParameter> parameters, NDManager scratch, ModelConfig config) {

        NDArray get(String name) {
            NDArray copy = parameters.get(name).parameter().getArray().duplicate();
            copy.attach(scratch);
            return copy;
        }

        /** (out, n) to (out, n + 1): columns scaled by the preceding norm's gain times sqrt(n), then a zero column. */
        NDArray normedInput(NDArray matrix, String normName) {
            float rootSize = (float) Math.sqrt(config.hiddenSize());
            NDArray scaled = matrix.mul(get(normName).mul(rootSize).reshape(1, config.hiddenSize()));
            return scaled.concat(scratch.zeros(new Shape(matrix.getShape().get(0), 1)), 1);
        }

        /** (n, in) to (n + 1, in): a zero row, so the constant column of the residual stream stays. */
        NDArray zeroOutputRow(NDArray matrix) {
            return matrix.concat(scratch.zeros(new Shape(1, matrix.getShape().get(1))), 0);
        }
    }
}
