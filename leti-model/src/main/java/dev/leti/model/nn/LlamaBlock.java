package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.leti.model.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Llama-style decoder as a DJL block: token embedding, pre-norm decoder layers (RMSNorm,
 * rotary grouped-query attention, SwiGLU), final RMSNorm and a tied or separate LM head; with
 * q/k/v biases it is Qwen2. Parameters are named as in Hugging Face {@code LlamaForCausalLM} /
 * {@code Qwen2ForCausalLM} (the two share their names) by {@link #namedParameters()}.
 */
public final class LlamaBlock extends AbstractBlock {

    private final ModelConfig config;
    private final TokenEmbedding embedding;
    private final DecoderLayer[] layers;
    private final RmsNorm norm;
    private final Projection head;
    private RotaryEmbedding rotary;
    private NDManager manager;
    private volatile FusedDecoder decoder;
    /** Whether LoRA adapters are attached (the fused decoding step knows nothing of them). */
    private volatile boolean adapted;
    /** Whether decoding steps take the {@link FusedDecoder} (small models only: {@link FusedDecoder#pays}). */
    private final boolean fusedDecoding;

    private LlamaBlock(ModelConfig config) {
        this.config = config;
        this.fusedDecoding = FusedDecoder.pays(config);
        this.embedding = addChildBlock("embed_tokens", new TokenEmbedding(config.vocabSize(), config.hiddenSize()));
        this.layers = new DecoderLayer[config.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = addChildBlock("layer" + i, new DecoderLayer(config));
        }
        this.norm = addChildBlock("norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
        this.head = config.tieWordEmbeddings() ? null
                : addChildBlock("lm_head", new Projection(config.hiddenSize(), config.vocabSize()));
    }

    /** A block with unset parameters; {@link #namedParameters()} lists what to set. */
    public static LlamaBlock of(ModelConfig config) {
        return new LlamaBlock(config);
    }

    /** Computes the rotary tables; call once, with the model's manager, before the first forward pass. */
    public void prepare(NDManager manager) {
        if (rotary == null) {
            this.manager = manager;
            rotary = new RotaryEmbedding(manager, config);
        }
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Logits for new tokens. One new token per row after a cache, in float32 and without
     * gradient recording (sampling), takes the {@link FusedDecoder} path when the model is small
     * enough for it to pay.
     *
     * @param tokens       (B, T) int64 ids
     * @param positions    (B or 1, T) int64 position of each token (per row, so left padding works)
     * @param mask         additive attention mask broadcastable to (B, heads, T, keys), or null when nothing is blocked
     * @param cache        cache to append to and attend over; null for a plain pass over {@code tokens}
     * @param lastOnly     compute logits only for the last position (sampling)
     * @param computeType  activations' data type (float32, or bfloat16 on GPU)
     * @return float32 logits (B, T or 1, vocab), owned by the tokens' manager
     */
    public NDArray forward(NDArray tokens, NDArray positions, NDArray mask, KvCache cache, boolean lastOnly,
            DataType computeType) {
        if (!JniUtils.isGradMode() && cache != null && computeType == DataType.FLOAT32 && tokens.getShape().get(1) == 1
                && !adapted && fusedDecoding) {
            return decoder().step(tokens, positions, mask, cache);
        }
        NDArray h = Tensors.cast(embedding.apply(tokens), computeType);
        RotaryEmbedding.Rotation rotation = rotary.at(positions, computeType);
        for (int i = 0; i < layers.length; i++) {
            h = layer(i, h, rotation, mask, cache);
        }
        if (cache != null) {
            cache.advance((int) tokens.getShape().get(1));
        }
        h = norm.apply(h);
        if (lastOnly) {
            long length = h.getShape().get(1);
            h = h.get(new NDIndex().addAllDim().addSliceDim(length - 1, length));
        }
        NDArray logits = head != null ? head.apply(h)
                : Linear.linear(h, Tensors.weightLike(embedding.weight(), h)).singletonOrThrow();
        return Tensors.cast(logits, DataType.FLOAT32);
    }

    /**
     * A causal pass over (B, T) tokens at positions 0..T-1 and its backward pass, with each
     * decoder layer recomputed during backward (activation checkpointing): the forward pass keeps
     * only every layer's input, and backward holds the graph of one layer at a time, so
     * activation memory grows with the layer count by one (B, T, hidden) tensor each instead of
     * a whole layer's intermediates. Gradients accumulate into the parameters exactly as a plain
     * backward pass of {@code lossOf(logits) * scale} would.
     *
     * @param lossOf maps the float32 logits (B, T, vocab) to a scalar loss
     * @param scale  factor on the loss for backward (loss scaling, the step's mean)
     * @return the loss as {@code lossOf} computed it, unscaled
     */
    public float backwardCheckpointed(NDArray tokens, DataType computeType, Function<NDArray, NDArray> lossOf,
            float scale) {
        NDManager caller = tokens.getManager();
        int length = (int) tokens.getShape().get(1);
        long[] positionValues = new long[length];
        for (int i = 0; i < length; i++) {
            positionValues[i] = i;
        }
        RotaryEmbedding.Rotation rotation = rotary.at(caller.create(positionValues, new Shape(1, length)), computeType);
        NDArray mask = length == 1 ? null : AttentionMasks.causal(caller, length, 0);
        NDArray[] inputs = new NDArray[layers.length + 1];
        try (GradMode off = GradMode.disabled()) {
            NDArray h = Tensors.cast(embedding.apply(tokens), computeType);
            for (int i = 0; i < layers.length; i++) {
                inputs[i] = h;
                h = layer(i, h, rotation, mask, null);
            }
            inputs[layers.length] = h;
        }
        float loss;
        NDArray upstream;
        try (NDManager scope = caller.newSubManager(); GradMode on = GradMode.enabled()) {
            NDArray last = leaf(inputs[layers.length], scope);
            NDArray h = norm.apply(last);
            NDArray logits = head != null ? head.apply(h)
                    : Linear.linear(h, Tensors.weightLike(embedding.weight(), h)).singletonOrThrow();
            NDArray value = lossOf.apply(Tensors.cast(logits, DataType.FLOAT32));
            loss = value.getFloat();
            JniUtils.backward((PtNDArray) Tensors.scaled(value, scale), (PtNDArray) scope.ones(new Shape()), false, false);
            upstream = gradientOf(last, caller);
        }
        for (int i = layers.length - 1; i >= 0; i--) {
            try (NDManager scope = caller.newSubManager(); GradMode on = GradMode.enabled()) {
                NDArray input = leaf(inputs[i], scope);
                NDArray out = layers[i].apply(input, rotation, mask, null, i);
                JniUtils.backward((PtNDArray) out, (PtNDArray) upstream, false, false);
                NDArray next = gradientOf(input, caller);
                upstream.close();
                inputs[i + 1].close();
                upstream = next;
            }
        }
        if (embedding.weight().getArray().hasGradient()) { // frozen under LoRA
            try (NDManager scope = caller.newSubManager(); GradMode on = GradMode.enabled()) {
                NDArray embedded = Tensors.cast(embedding.apply(tokens), computeType);
                embedded.attach(scope);
                JniUtils.backward((PtNDArray) embedded, (PtNDArray) upstream, false, false);
            }
        }
        upstream.close();
        return loss;
    }

    /** A copy of a stored activation, cut from any graph, that records its own gradient. */
    private static NDArray leaf(NDArray stored, NDManager scope) {
        NDArray leaf = stored.stopGradient();
        leaf.attach(scope);
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /** The gradient a backward pass left on a leaf, copied out of the leaf's scope. */
    private static NDArray gradientOf(NDArray leaf, NDManager owner) {
        NDArray gradient = leaf.getGradient().duplicate();
        gradient.attach(owner);
        return gradient;
    }

    /**
     * Runs one layer with its intermediates in a manager of their own, closed at the layer's
     * end: only the output goes back to the caller (autograd keeps its own reference to what
     * backward needs). Otherwise every intermediate of every layer would live until the caller's
     * manager closes: a pass would hold all layers' temporaries at once.
     */
    private NDArray layer(int index, NDArray x, RotaryEmbedding.Rotation rotation, NDArray mask, KvCache cache) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            x.tempAttach(scope);
            NDArray out = layers[index].apply(x, rotation, mask, cache, index);
            out.attach(caller);
            return out;
        }
    }

    /** Parameters under their Hugging Face Llama names, in a stable order, with their expected shapes. */
    public Map<String, NamedParameter> namedParameters() {
        Map<String, NamedParameter> named = new LinkedHashMap<>();
        named.put("model.embed_tokens.weight", new NamedParameter(embedding.weight(), embedding.weightShape(), false));
        for (int i = 0; i < layers.length; i++) {
            String prefix = "model.layers." + i + ".";
            DecoderLayer layer = layers[i];
            putNorm(named, prefix + "input_layernorm.weight", layer.inputNorm());
            Map<String, Projection> projections = layerProjections(prefix, layer);
            projections.entrySet().stream().limit(4).forEach(entry -> putProjection(named, entry.getKey(), entry.getValue()));
            putNorm(named, prefix + "post_attention_layernorm.weight", layer.postAttentionNorm());
            projections.entrySet().stream().skip(4).forEach(entry -> putProjection(named, entry.getKey(), entry.getValue()));
        }
        putNorm(named, "model.norm.weight", norm);
        if (head != null) {
            putProjection(named, "lm_head", head);
        }
        return named;
    }

    /** The decoder layers' linear layers under their Hugging Face names (without {@code .weight}). */
    private Map<String, Projection> projections() {
        Map<String, Projection> projections = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            projections.putAll(layerProjections("model.layers." + i + ".", layers[i]));
        }
        return projections;
    }

    /** One layer's attention projections (q, k, v, o), then its MLP's (gate, up, down). */
    private static Map<String, Projection> layerProjections(String prefix, DecoderLayer layer) {
        Map<String, Projection> projections = new LinkedHashMap<>();
        projections.put(prefix + "self_attn.q_proj", layer.attention().query());
        projections.put(prefix + "self_attn.k_proj", layer.attention().key());
        projections.put(prefix + "self_attn.v_proj", layer.attention().value());
        projections.put(prefix + "self_attn.o_proj", layer.attention().output());
        projections.put(prefix + "mlp.gate_proj", layer.mlp().gate());
        projections.put(prefix + "mlp.up_proj", layer.mlp().up());
        projections.put(prefix + "mlp.down_proj", layer.mlp().down());
        return projections;
    }

    /** Projection kinds a LoRA adapter may target, by the last part of their Hugging Face names. */
    public static final java.util.Set<String> ADAPTER_TARGETS =
            java.util.Set.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    /**
     * Adds LoRA adapters to every decoder projection whose kind is in {@code targets} and returns
     * their parameters under PEFT's names ({@code ...q_proj.lora_A.weight}); the decoding steps
     * then take the general path until {@link #mergeAdapters()}.
     */
    public Map<String, NamedParameter> addAdapters(NDManager manager, int rank, double alpha, java.util.Set<String> targets,
            long seed) {
        if (!ADAPTER_TARGETS.containsAll(targets) || targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets must be among " + ADAPTER_TARGETS + ": " + targets);
        }
        parametersChanged();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        adapted = true;
        Map<String, NamedParameter> adapters = new LinkedHashMap<>();
        projections().forEach((name, projection) -> {
            if (targets.contains(name.substring(name.lastIndexOf('.') + 1))) {
                Parameter[] ab = projection.addAdapter(manager, rank, alpha, random);
                adapters.put(name + ".lora_A.weight", new NamedParameter(ab[0], ab[0].getArray().getShape(), false));
                adapters.put(name + ".lora_B.weight", new NamedParameter(ab[1], ab[1].getArray().getShape(), false));
            }
        });
        return adapters;
    }

    /** Folds every adapter into its projection's weight and removes it. */
    public void mergeAdapters() {
        projections().values().forEach(Projection::mergeAdapter);
        adapted = false;
        parametersChanged();
    }

    /** Whether any projection has an adapter. */
    public boolean hasAdapters() {
        return adapted;
    }

    /** The projection's weight under {@code NAME.weight}, and its bias under {@code NAME.bias} when it has one. */
    private static void putProjection(Map<String, NamedParameter> named, String name, Projection projection) {
        named.put(name + ".weight", new NamedParameter(projection.weight(), projection.weightShape(), false));
        if (projection.bias() != null) {
            named.put(name + ".bias", new NamedParameter(projection.bias(), projection.biasShape(), false));
        }
    }

    private static void putNorm(Map<String, NamedParameter> named, String name, RmsNorm norm) {
        named.put(name, new NamedParameter(norm.weight(), norm.weightShape(), true));
    }

    /** A parameter, the shape its values must have, and whether it is a norm's gain (initialised to 1). */
    public record NamedParameter(Parameter parameter, Shape shape, boolean isGain) {

        /** Matrices get weight decay; vectors (norm gains) do not. */
        public boolean isMatrix() {
            return shape.dimension() >= 2;
        }
    }

    /**
     * Causal pass over new tokens that continue the cache (or start a sequence when the cache
     * is null or empty): positions and mask follow from the cache's length.
     */
    public NDArray forward(NDArray tokens, KvCache cache, DataType computeType) {
        int past = cache == null ? 0 : cache.length();
        int length = (int) tokens.getShape().get(1);
        NDManager manager = tokens.getManager();
        long[] positions = new long[length];
        for (int i = 0; i < length; i++) {
            positions[i] = past + i;
        }
        NDArray positionArray = manager.create(positions, new Shape(1, length));
        NDArray mask = length == 1 ? null : AttentionMasks.causal(manager, length, past);
        return forward(tokens, positionArray, mask, cache, false, computeType);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(forward(in.singletonOrThrow(), null, DataType.FLOAT32));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.vocabSize())};
    }

    private FusedDecoder decoder() {
        FusedDecoder built = decoder;
        if (built == null) {
            synchronized (this) {
                built = decoder;
                if (built == null) {
                    built = FusedDecoder.build(config, namedParameters(), rotary, manager);
                    decoder = built;
                }
            }
        }
        return built;
    }

    /**
     * Drops what was derived from the parameters (the fused decoding weights), to be rebuilt on
     * the next decoding step. {@code TrainingSession} calls it after every update; call it after
     * changing parameter values any other way while the model is in use.
     */
    public synchronized void parametersChanged() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    /** Releases the rotary tables and fused decoding weights (parameters belong to the model's manager). */
    public void release() {
        parametersChanged();
        if (rotary != null) {
            rotary.close();
        }
    }
}
