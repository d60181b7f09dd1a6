package dev.leti.model.tokenizer;

import dev.leti.model.checkpoint.CheckpointSource;
import dev.leti.model.config.ModelJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads the tokenizer stored in a checkpoint, and makes the byte-level tokenizer of new built-in models. */
public final class Tokenizers {

    /** Hugging Face tokenizer file. */
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** Hugging Face tokenizer settings (class, end-of-text and padding tokens). */
    public static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";
    /** Hugging Face generation settings; its {@code eos_token_id} adds stop ids. */
    public static final String GENERATION_CONFIG_FILE = "generation_config.json";
    /** Ids of the bytes in a byte-level vocabulary. */
    public static final int BYTE_TOKENS = 256;

    private static final char[] BYTE_TO_CHAR = gpt2ByteAlphabet();

    private Tokenizers() {
    }

    /**
     * Reads {@code tokenizer.json} (any model the Hugging Face {@code tokenizers} library reads),
     * with {@code tokenizer_config.json} and {@code generation_config.json} when present.
     *
     * @throws IllegalArgumentException naming the file when one is malformed
     */
    public static Tokenizer load(CheckpointSource source) throws IOException {
        return HfTokenizer.read(source.describe(), read(source, TOKENIZER_FILE),
                source.exists(TOKENIZER_CONFIG_FILE) ? read(source, TOKENIZER_CONFIG_FILE) : null,
                source.exists(GENERATION_CONFIG_FILE) ? read(source, GENERATION_CONFIG_FILE) : null);
    }

    /**
     * One token per UTF-8 byte (ids 0..255), then the {@link SpecialToken}s in their order
     * (ids 256..261): the tokenizer of the built-in models, as a byte-level BPE without merges.
     */
    public static Tokenizer byteLevel() {
        return HfTokenizer.read("byte-level", byteLevelJson(), null, null);
    }

    private static String read(CheckpointSource source, String file) throws IOException {
        try (InputStream in = source.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Hugging Face {@code tokenizer.json}: byte-level BPE, no merges, the special tokens as added tokens. */
    static String byteLevelJson() {
        ObjectNode root = ModelJson.mapper().createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (SpecialToken token : SpecialToken.values()) {
            addSpecialToken(added, BYTE_TOKENS + token.ordinal(), token.text());
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevelStep(false));
        root.putNull("post_processor");
        root.set("decoder", byteLevelStep(false));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < BYTE_TOKENS; b++) {
            vocab.put(byteChar(b), b);
        }
        model.putArray("merges");
        return ModelJson.mapper().writeValueAsString(root);
    }

    /** Appends a special added token (never split, never normalised) to {@code added_tokens}. */
    static void addSpecialToken(ArrayNode added, int id, String content) {
        ObjectNode entry = added.addObject();
        entry.put("id", id);
        entry.put("content", content);
        entry.put("single_word", false);
        entry.put("lstrip", false);
        entry.put("rstrip", false);
        entry.put("normalized", false);
        entry.put("special", true);
    }

    /** A {@code ByteLevel} pre-tokenizer or decoder; {@code useRegex} splits words GPT-2's way first. */
    static ObjectNode byteLevelStep(boolean useRegex) {
        ObjectNode node = ModelJson.mapper().createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", true);
        node.put("use_regex", useRegex);
        return node;
    }

    /** GPT-2's printable stand-in for a byte, the key byte-level vocabularies use for it. */
    static String byteChar(int b) {
        return String.valueOf(BYTE_TO_CHAR[b]);
    }

    /** Printable Latin-1 bytes map to themselves, the rest to U+0100 onwards. */
    private static char[] gpt2ByteAlphabet() {
        char[] chars = new char[BYTE_TOKENS];
        int next = 0;
        for (int b = 0; b < BYTE_TOKENS; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = printable ? (char) b : (char) (BYTE_TOKENS + next++);
        }
        return chars;
    }
}
