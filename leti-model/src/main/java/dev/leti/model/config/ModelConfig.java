package dev.leti.model.config;

import dev.leti.model.config.ModelJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Architecture of a decoder-only model, read and written with the Hugging Face
 * {@code config.json} keys of {@code LlamaForCausalLM} and {@code Qwen2ForCausalLM}, so a
 * checkpoint's configuration is readable by other tools and a real Llama (2, 3, 3.1, 3.2) or
 * Qwen2 / Qwen2.5 configuration is readable here. Anything else is refused with a message
 * naming the field.
 *
 * @param vocabSize          rows of the token embedding (may exceed the tokenizer's vocabulary)
 * @param hiddenSize         model width
 * @param numLayers          decoder layers ({@code num_hidden_layers})
 * @param numHeads           query heads ({@code num_attention_heads})
 * @param numKvHeads         key/value heads ({@code num_key_value_heads}); fewer than
 *                           {@code numHeads} is grouped-query attention
 * @param intermediateSize   width of the SwiGLU MLP
 * @param maxPositions       longest sequence, prompt plus completion ({@code max_position_embeddings})
 * @param ropeTheta          base of the rotary position embedding
 * @param rmsNormEps         epsilon of RMSNorm
 * @param tieWordEmbeddings  whether the LM head reuses the token embedding
 * @param family             {@code model_type}: which of the two layouts
 * @param attentionBias      Llama's {@code attention_bias} (biases on q, k, v and o); Qwen2 always
 *                           has q, k and v biases and never an o bias, whatever this says
 * @param ropeScaling        Llama 3's rotary frequency scaling, or null for none
 * @param storage            the floating-point type the weights are stored in ({@code torch_dtype})
 */
public record ModelConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int intermediateSize,
        int maxPositions,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        Family family,
        boolean attentionBias,
        RopeScaling ropeScaling,
        Storage storage) {

    /** The file name of the configuration inside a checkpoint. */
    public static final String FILE_NAME = "config.json";

    /** The model families this decoder runs, by Hugging Face {@code model_type}. */
    public enum Family {
        LLAMA("llama", "LlamaForCausalLM"),
        QWEN2("qwen2", "Qwen2ForCausalLM");

        private final String modelType;
        private final String architecture;

        Family(String modelType, String architecture) {
            this.modelType = modelType;
            this.architecture = architecture;
        }

        public String modelType() {
            return modelType;
        }

        static Family of(String modelType) {
            for (Family family : values()) {
                if (family.modelType.equals(modelType)) {
                    return family;
                }
            }
            throw new IllegalArgumentException("config.json: model_type '" + modelType
                    + "' is not supported, only 'llama' and 'qwen2'");
        }
    }

    /** Weight storage types, by their {@code torch_dtype} and safetensors names. */
    public enum Storage {
        FLOAT32("float32", "F32", 4),
        FLOAT16("float16", "F16", 2),
        BFLOAT16("bfloat16", "BF16", 2);

        private final String torchName;
        private final String safetensorsName;
        private final int bytes;

        Storage(String torchName, String safetensorsName, int bytes) {
            this.torchName = torchName;
            this.safetensorsName = safetensorsName;
            this.bytes = bytes;
        }

        public String torchName() {
            return torchName;
        }

        public String safetensorsName() {
            return safetensorsName;
        }

        public int bytes() {
            return bytes;
        }

        static Storage of(String torchDtype) {
            for (Storage storage : values()) {
                if (storage.torchName.equals(torchDtype)) {
                    return storage;
                }
            }
            throw new IllegalArgumentException("config.json: torch_dtype '" + torchDtype
                    + "' is not supported, only float32, float16 and bfloat16");
        }
    }

    /**
     * Llama 3's {@code rope_scaling} ({@code rope_type: llama3}): long wavelengths divided by
     * {@code factor}, short ones kept, the band between interpolated.
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {

        public RopeScaling {
            if (!(factor > 0) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor) || originalMaxPositions <= 0) {
                throw new IllegalArgumentException("config.json: rope_scaling needs factor > 0, 0 < low_freq_factor"
                        + " < high_freq_factor and original_max_position_embeddings > 0");
            }
        }

        /** The scaled inverse frequency of one rotary pair. */
        public double scale(double inverseFrequency) {
            double wavelength = 2 * Math.PI / inverseFrequency;
            double lowFreqWavelength = originalMaxPositions / lowFreqFactor;
            double highFreqWavelength = originalMaxPositions / highFreqFactor;
            if (wavelength < highFreqWavelength) {
                return inverseFrequency;
            }
            if (wavelength > lowFreqWavelength) {
                return inverseFrequency / factor;
            }
            double smooth = (originalMaxPositions / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            return (1 - smooth) * inverseFrequency / factor + smooth * inverseFrequency;
        }
    }

    public ModelConfig {
        if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0
                || intermediateSize <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("all sizes must be positive: vocabSize=" + vocabSize
                    + ", hiddenSize=" + hiddenSize + ", numLayers=" + numLayers + ", numHeads=" + numHeads
                    + ", numKvHeads=" + numKvHeads + ", intermediateSize=" + intermediateSize
                    + ", maxPositions=" + maxPositions);
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is not a multiple of numHeads " + numHeads);
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("numHeads " + numHeads + " is not a multiple of numKvHeads " + numKvHeads);
        }
        if ((hiddenSize / numHeads) % 2 != 0) {
            throw new IllegalArgumentException("the head size must be even for rotary embeddings: " + hiddenSize / numHeads);
        }
        if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
            throw new IllegalArgumentException("ropeTheta and rmsNormEps must be positive");
        }
        if (family == null || storage == null) {
            throw new IllegalArgumentException("family and storage are required");
        }
    }

    /** A Llama-layout model without biases or rotary scaling, stored in float32 (the built-in models). */
    public ModelConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int numKvHeads, int intermediateSize,
                       int maxPositions, double ropeTheta, double rmsNormEps, boolean tieWordEmbeddings) {
        this(vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, intermediateSize, maxPositions, ropeTheta,
                rmsNormEps, tieWordEmbeddings, Family.LLAMA, false, null, Storage.FLOAT32);
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Query heads that share one key/value head. */
    public int queriesPerKvHead() {
        return numHeads / numKvHeads;
    }

    /** Whether the q, k and v projections have biases (every Qwen2; Llama with {@code attention_bias}). */
    public boolean qkvBias() {
        return family == Family.QWEN2 || attentionBias;
    }

    /** Whether the attention output projection has a bias (Llama with {@code attention_bias} only). */
    public boolean outputBias() {
        return family == Family.LLAMA && attentionBias;
    }

    /** The same model with {@code vocabSize} embedding rows (after adding tokens). */
    public ModelConfig withVocabSize(int rows) {
        return new ModelConfig(rows, hiddenSize, numLayers, numHeads, numKvHeads, intermediateSize, maxPositions,
                ropeTheta, rmsNormEps, tieWordEmbeddings, family, attentionBias, ropeScaling, storage);
    }

    /** The same model stored in another floating-point type. */
    public ModelConfig withStorage(Storage type) {
        return new ModelConfig(vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, intermediateSize, maxPositions,
                ropeTheta, rmsNormEps, tieWordEmbeddings, family, attentionBias, ropeScaling, type);
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        long d = hiddenSize;
        long kv = (long) numKvHeads * headDim();
        long attention = d * d * 2 + d * kv * 2 + (qkvBias() ? d + 2 * kv : 0) + (outputBias() ? d : 0);
        long mlp = 3 * d * intermediateSize;
        long perLayer = attention + mlp + 2 * d;
        long embedding = (long) vocabSize * d;
        return embedding + numLayers * perLayer + d + (tieWordEmbeddings ? 0 : embedding);
    }

    /** The configuration as Hugging Face {@code config.json} of its family. */
    public String toJson() {
        ObjectNode json = ModelJson.mapper().createObjectNode();
        json.putArray("architectures").add(family.architecture);
        json.put("model_type", family.modelType);
        json.put("vocab_size", vocabSize);
        json.put("hidden_size", hiddenSize);
        json.put("num_hidden_layers", numLayers);
        json.put("num_attention_heads", numHeads);
        json.put("num_key_value_heads", numKvHeads);
        json.put("head_dim", headDim());
        json.put("intermediate_size", intermediateSize);
        json.put("max_position_embeddings", maxPositions);
        json.put("rope_theta", ropeTheta);
        json.put("rms_norm_eps", rmsNormEps);
        json.put("tie_word_embeddings", tieWordEmbeddings);
        json.put("hidden_act", "silu");
        if (family == Family.LLAMA) {
            json.put("attention_bias", attentionBias);
            json.put("mlp_bias", false);
        } else {
            json.put("use_sliding_window", false);
        }
        if (ropeScaling == null) {
            json.putNull("rope_scaling");
        } else {
            ObjectNode scaling = json.putObject("rope_scaling");
            scaling.put("rope_type", "llama3");
            scaling.put("factor", ropeScaling.factor());
            scaling.put("low_freq_factor", ropeScaling.lowFreqFactor());
            scaling.put("high_freq_factor", ropeScaling.highFreqFactor());
            scaling.put("original_max_position_embeddings", ropeScaling.originalMaxPositions());
        }
        json.put("torch_dtype", storage.torchName);
        return ModelJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    /** Reads a Hugging Face Llama or Qwen2 {@code config.json}; rejects what this model cannot run, naming the field. */
    public static ModelConfig fromJson(String text) {
        JsonNode json;
        try {
            json = ModelJson.mapper().readTree(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config.json is not valid JSON: " + e.getMessage(), e);
        }
        Family family = Family.of(json.path("model_type").asString("llama"));
        String activation = json.path("hidden_act").asString("silu");
        if (!activation.equals("silu")) {
            throw new IllegalArgumentException("config.json: hidden_act '" + activation + "' is not supported, only 'silu'");
        }
        if (json.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException("config.json: mlp_bias=true is not supported");
        }
        int hidden = required(json, "hidden_size");
        int heads = required(json, "num_attention_heads");
        if (json.hasNonNull("head_dim") && json.get("head_dim").asInt() != hidden / heads) {
            throw new IllegalArgumentException("config.json: head_dim other than hidden_size / num_attention_heads is not supported");
        }
        // Qwen2's sliding window (use_sliding_window) is off in every released checkpoint and
        // would start beyond the sequence lengths LeTI runs at; it is not modelled.
        return new ModelConfig(
                required(json, "vocab_size"),
                hidden,
                required(json, "num_hidden_layers"),
                heads,
                json.path("num_key_value_heads").asInt(heads),
                required(json, "intermediate_size"),
                required(json, "max_position_embeddings"),
                json.path("rope_theta").asDouble(10000.0),
                json.path("rms_norm_eps").asDouble(1e-6),
                json.path("tie_word_embeddings").asBoolean(false),
                family,
                family == Family.LLAMA && json.path("attention_bias").asBoolean(false),
                ropeScaling(json.path("rope_scaling")),
                Storage.of(json.path("torch_dtype").asString(json.path("dtype").asString("float32"))));
    }

    private static RopeScaling ropeScaling(JsonNode scaling) {
        if (scaling.isMissingNode() || scaling.isNull()) {
            return null;
        }
        String type = scaling.path("rope_type").asString(scaling.path("type").asString(""));
        if (type.equals("default")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw new IllegalArgumentException("config.json: rope_scaling.rope_type '" + type
                    + "' is not supported, only 'llama3'");
        }
        for (String key : new String[] {"factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"}) {
            if (!scaling.path(key).isNumber()) {
                throw new IllegalArgumentException("config.json: missing or non-numeric 'rope_scaling." + key + "'");
            }
        }
        return new RopeScaling(scaling.get("factor").asDouble(), scaling.get("low_freq_factor").asDouble(),
                scaling.get("high_freq_factor").asDouble(), scaling.get("original_max_position_embeddings").asInt());
    }

    /** Reads {@code config.json} from a stream (closed by the caller). */
    public static ModelConfig read(InputStream in) {
        try {
            return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int required(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("config.json: missing or non-numeric '" + key + "'");
        }
        return value.asInt();
    }
}
