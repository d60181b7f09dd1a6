package dev.leti.model.config;

import dev.leti.contracts.messaging.LetiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sizes of a Llama-style decoder, read and written with the Hugging Face Llama
 * {@code config.json} keys, so a checkpoint's configuration is readable by other tools and a
 * real Llama configuration is readable here.
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
        boolean tieWordEmbeddings) {

    /** The file name of the configuration inside a checkpoint. */
    public static final String FILE_NAME = "config.json";

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
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Query heads that share one key/value head. */
    public int queriesPerKvHead() {
        return numHeads / numKvHeads;
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        long d = hiddenSize;
        long kv = (long) numKvHeads * headDim();
        long attention = d * d * 2 + d * kv * 2;
        long mlp = 3 * d * intermediateSize;
        long perLayer = attention + mlp + 2 * d;
        long embedding = (long) vocabSize * d;
        return embedding + numLayers * perLayer + d + (tieWordEmbeddings ? 0 : embedding);
    }

    /** The configuration as Hugging Face {@code LlamaForCausalLM} {@code config.json}. */
    public String toJson() {
        ObjectNode json = LetiJson.mapper().createObjectNode();
        json.putArray("architectures").add("LlamaForCausalLM");
        json.put("model_type", "llama");
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
        json.put("attention_bias", false);
        json.put("mlp_bias", false);
        json.put("torch_dtype", "float32");
        return LetiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    /** Reads a Hugging Face Llama {@code config.json}; rejects architectures this model cannot run. */
    public static ModelConfig fromJson(String text) {
        JsonNode json = LetiJson.mapper().readTree(text);
        String modelType = json.path("model_type").asString("llama");
        if (!modelType.equals("llama")) {
            throw new IllegalArgumentException("config.json: model_type '" + modelType + "' is not supported, only 'llama'");
        }
        String activation = json.path("hidden_act").asString("silu");
        if (!activation.equals("silu")) {
            throw new IllegalArgumentException("config.json: hidden_act '" + activation + "' is not supported, only 'silu'");
        }
        for (String flag : List.of("attention_bias", "mlp_bias")) {
            if (json.path(flag).asBoolean(false)) {
                throw new IllegalArgumentException("config.json: " + flag + "=true is not supported");
            }
        }
        JsonNode scaling = json.path("rope_scaling");
        if (!scaling.isMissingNode() && !scaling.isNull()) {
            throw new IllegalArgumentException("config.json: rope_scaling is not supported");
        }
        int hidden = required(json, "hidden_size");
        int heads = required(json, "num_attention_heads");
        if (json.has("head_dim") && json.get("head_dim").asInt() != hidden / heads) {
            throw new IllegalArgumentException("config.json: head_dim other than hidden_size / num_attention_heads is not supported");
        }
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
                json.path("tie_word_embeddings").asBoolean(false));
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
