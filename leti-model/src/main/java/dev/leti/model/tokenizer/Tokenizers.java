package dev.leti.model.tokenizer;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.model.checkpoint.CheckpointSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads the tokenizer stored in a checkpoint. */
public final class Tokenizers {

    /** Hugging Face tokenizer file. */
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** Hugging Face tokenizer settings (class, end-of-text and padding tokens). */
    public static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

    private Tokenizers() {
    }

    /**
     * Reads {@code tokenizer.json}. Byte-level vocabularies (the built-in models') are supported;
     * a BPE with merges (imported Hugging Face models) is rejected with a clear message until a
     * BPE implementation of {@link Tokenizer} is added here.
     */
    public static Tokenizer load(CheckpointSource source) throws IOException {
        JsonNode root;
        try (InputStream in = source.open(TOKENIZER_FILE)) {
            root = LetiJson.mapper().readTree(in);
        }
        JsonNode model = root.path("model");
        Map<String, Integer> vocab = new HashMap<>();
        model.path("vocab").properties().forEach(entry -> vocab.put(entry.getKey(), entry.getValue().asInt()));
        boolean byteLevel = "BPE".equals(model.path("type").asString(""))
                && model.path("merges").isEmpty()
                && ByteLevelTokenizer.isByteAlphabet(vocab);
        if (!byteLevel) {
            throw new IllegalArgumentException(source.describe() + "/" + TOKENIZER_FILE
                    + ": only byte-level vocabularies without merges are supported so far");
        }
        Map<String, Integer> added = new HashMap<>();
        root.path("added_tokens").forEach(token -> added.put(token.path("content").asString(), token.path("id").asInt()));
        EnumMap<SpecialToken, Integer> ids = new EnumMap<>(SpecialToken.class);
        for (SpecialToken token : SpecialToken.values()) {
            Integer id = added.get(token.text());
            if (id == null) {
                throw new IllegalArgumentException(source.describe() + "/" + TOKENIZER_FILE
                        + ": missing special token " + token.text());
            }
            ids.put(token, id);
        }
        return new ByteLevelTokenizer(ids);
    }
}
