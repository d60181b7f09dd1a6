package dev.leti.model;

import ai.djl.ndarray.NDArray;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.config.ModelConfig.Family;
import dev.leti.model.config.ModelConfig.RopeScaling;
import dev.leti.model.config.ModelConfig.Storage;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import dev.leti.model.tokenizer.BpeTrainer;
import dev.leti.model.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tiny random-weight checkpoints shaped like the Hugging Face model families users bring, made
 * here so that tests need no download: a real byte-level BPE {@code tokenizer.json} with merges
 * and the family's own special tokens (no LeTI tokens), bf16 weights in two shards with an index,
 * {@code tokenizer_config.json} and {@code generation_config.json} as the family writes them.
 */
public final class HfFixtures {

    /** Largest shard written, small enough that every fixture has two or more shards. */
    static final long SHARD_BYTES = 48 * 1024;
    /** At most this many ids from merges learned on {@link #CODE}: ids 0..255 are bytes, then merges. */
    private static final int BPE_VOCAB = 400;
    private static final List<String> CODE = code();
    private static final float WEIGHT_SCALE = 10f;

    private HfFixtures() {
    }

    /** A checkpoint directory, its configuration and the number of ids its own tokenizer has (before LeTI tokens are added). */
    public record Fixture(Path directory, ModelConfig config, int tokenizerIds) {
    }

    /**
     * Qwen2-shaped: q/k/v biases, grouped-query attention (4 query heads, 2 key/value heads),
     * tied embeddings, an embedding padded beyond the tokenizer (as Qwen2.5's 151,936 rows for
     * 151,665 ids), end-of-sequence and padding both {@code <|endoftext|>}.
     */
    public static Fixture qwen2(Path directory) throws IOException {
        List<String> specials = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
        String tokenizer = BpeTrainer.train(CODE, BPE_VOCAB, specials);
        int merged = vocabulary(tokenizer);
        ModelConfig config = new ModelConfig(merged + specials.size() + 13, 32, 2, 4, 2, 64, 512, 1_000_000.0,
                1e-6, true, Family.QWEN2, false, null, Storage.BFLOAT16);
        write(directory, config, tokenizer, Map.of("eos_token", "<|endoftext|>", "pad_token", "<|endoftext|>"),
                List.of(merged, merged + 2));
        return new Fixture(directory, config, merged + specials.size());
    }

    /**
     * Llama-3-shaped: rotary scaling ({@code rope_type: llama3}), grouped-query attention, an
     * untied head, an embedding exactly as large as the tokenizer (so the LeTI tokens grow it),
     * end-of-sequence {@code <|end_of_text|>}, generation stopping at {@code <|eot_id|>} too, and
     * Llama 3's post-processor putting {@code <|begin_of_text|>} in front of every sequence.
     */
    public static Fixture llama3(Path directory) throws IOException {
        List<String> specials = List.of("<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>");
        String tokenizer = withBosTemplate(BpeTrainer.train(CODE, BPE_VOCAB, specials), "<|begin_of_text|>");
        int merged = vocabulary(tokenizer);
        ModelConfig config = new ModelConfig(merged + specials.size(), 32, 2, 4, 2, 64, 512, 500_000.0, 1e-5,
                false, Family.LLAMA, false, new RopeScaling(8.0, 1.0, 4.0, 32), Storage.BFLOAT16);
        write(directory, config, tokenizer, Map.of("bos_token", "<|begin_of_text|>", "eos_token", "<|end_of_text|>"),
                List.of(merged + 1, merged + 2));
        return new Fixture(directory, config, merged + specials.size());
    }

    /** Adds Llama 3's post-processor: the BOS token in front of every encoded text. */
    public static String withBosTemplate(String tokenizerJson, String bos) {
        var root = (ObjectNode) ModelJson.mapper().readTree(tokenizerJson);
        int id = addedTokenId(tokenizerJson, bos);
        String template = """
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "%1$s", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"SpecialToken": {"id": "%1$s", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": "%1$s", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                 "special_tokens": {"%1$s": {"id": "%1$s", "ids": [%2$d], "tokens": ["%1$s"]}}}""".formatted(bos, id);
        root.set("post_processor", ModelJson.mapper().readTree(template));
        return root.toString();
    }

    /** The id of an added token of a {@code tokenizer.json}. */
    public static int addedTokenId(String tokenizerJson, String content) {
        for (var token : ModelJson.mapper().readTree(tokenizerJson).path("added_tokens")) {
            if (token.path("content").asString().equals(content)) {
                return token.path("id").asInt();
            }
        }
        throw new IllegalArgumentException(content + " is not an added token");
    }

    /** Entries of the BPE vocabulary (bytes and distinct merges); the special tokens come after them. */
    private static int vocabulary(String tokenizerJson) {
        return ModelJson.mapper().readTree(tokenizerJson).path("model").path("vocab").size();
    }

    private static void write(Path directory, ModelConfig config, String tokenizerJson, Map<String, String> tokenizerConfig,
                              List<Integer> stopIds) throws IOException {
        Files.createDirectories(directory);
        try (LanguageModel model = LanguageModel.random(config.withStorage(Storage.FLOAT32), Tokenizers.byteLevel(),
                ModelOptions.cpu(), 17)) {
            // Weights 10x the usual initialisation, so attention is peaked and positions (rotary
            // scaling) and biases move the logits well above float32 rounding.
            Map<String, NDArray> weights = new LinkedHashMap<>();
            model.block().namedParameters().forEach((name, named) -> weights.put(name,
                    named.isGain() ? named.parameter().getArray() : named.parameter().getArray().mul(WEIGHT_SCALE)));
            Checkpoints.writeWeights(directory, weights, config.storage(), SHARD_BYTES);
        }
        Files.writeString(directory.resolve(ModelConfig.FILE_NAME), config.toJson());
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_FILE), tokenizerJson);
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_CONFIG_FILE),
                ModelJson.mapper().writeValueAsString(tokenizerConfig));
        Files.writeString(directory.resolve(Tokenizers.GENERATION_CONFIG_FILE),
                ModelJson.mapper().writeValueAsString(Map.of("eos_token_id", stopIds)));
    }

    private static List<String> code() {
        List<String> code = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            code.add("def add_" + i + "(numbers):\n    return sum(n * " + i + " for n in numbers if n > " + (i % 7) + ")\n");
            code.add("assert add_" + i + "([1, 2, 3]) == " + (6 * i) + "\n");
            code.add("\"\"\"\nWrite a function to find the largest of the words in a sentence.\n\"\"\"\n");
        }
        return code;
    }
}
