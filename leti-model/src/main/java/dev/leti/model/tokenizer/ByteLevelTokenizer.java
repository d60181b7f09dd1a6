package dev.leti.model.tokenizer;

import dev.leti.contracts.messaging.LetiJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One token per UTF-8 byte (ids 0..255), then the special tokens. Any byte string round-trips
 * exactly; no text can produce a special token. Its {@code tokenizer.json} is a Hugging Face
 * byte-level BPE without merges, so the {@code tokenizers} library reads the same vocabulary.
 */
public final class ByteLevelTokenizer implements Tokenizer {

    /** Ids of the bytes. */
    public static final int BYTE_TOKENS = 256;

    private static final char[] BYTE_TO_CHAR = gpt2ByteAlphabet();

    private final Map<SpecialToken, Integer> specialIds;
    private final String[] specialTextById;

    /** The standard layout: bytes, then the special tokens in {@link SpecialToken} order (ids 256..261). */
    public ByteLevelTokenizer() {
        this(standardIds());
    }

    /** A byte-level tokenizer whose special tokens have the given ids (all at or above 256). */
    public ByteLevelTokenizer(Map<SpecialToken, Integer> specialIds) {
        EnumMap<SpecialToken, Integer> ids = new EnumMap<>(SpecialToken.class);
        ids.putAll(specialIds);
        for (SpecialToken token : SpecialToken.values()) {
            Integer id = ids.get(token);
            if (id == null || id < BYTE_TOKENS) {
                throw new IllegalArgumentException("special token " + token.text() + " needs an id >= 256, got " + id);
            }
        }
        if (ids.values().stream().distinct().count() != ids.size()) {
            throw new IllegalArgumentException("special token ids must be distinct: " + ids);
        }
        this.specialIds = ids;
        int vocab = ids.values().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        this.specialTextById = new String[vocab];
        ids.forEach((token, id) -> specialTextById[id] = token.text());
    }

    private static Map<SpecialToken, Integer> standardIds() {
        EnumMap<SpecialToken, Integer> ids = new EnumMap<>(SpecialToken.class);
        for (SpecialToken token : SpecialToken.values()) {
            ids.put(token, BYTE_TOKENS + token.ordinal());
        }
        return ids;
    }

    @Override
    public int[] encode(String text) {
        return encodeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes raw bytes, one id per byte. */
    public int[] encodeBytes(byte[] bytes) {
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        int[] ids = new int[0];
        int start = 0;
        while (start < text.length()) {
            int nearest = text.length();
            SpecialToken found = null;
            for (SpecialToken token : SpecialToken.values()) {
                int at = text.indexOf(token.text(), start);
                if (at >= 0 && at < nearest) {
                    nearest = at;
                    found = token;
                }
            }
            ids = concat(ids, encode(text.substring(start, nearest)));
            if (found == null) {
                break;
            }
            ids = concat(ids, new int[] {id(found)});
            start = nearest + found.text().length();
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    /** The bytes the ids stand for: the exact inverse of {@link #encodeBytes(byte[])}. */
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
        int pad = id(SpecialToken.PAD);
        for (int id : ids) {
            if (id >= 0 && id < BYTE_TOKENS) {
                out.write(id);
            } else if (id != pad && id < specialTextById.length && specialTextById[id] != null) {
                out.writeBytes(specialTextById[id].getBytes(StandardCharsets.UTF_8));
            } else if (id != pad) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize());
            }
        }
        return out.toByteArray();
    }

    @Override
    public int id(SpecialToken token) {
        return specialIds.get(token);
    }

    @Override
    public int vocabSize() {
        return specialTextById.length;
    }

    @Override
    public void save(Path directory) throws IOException {
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_FILE), tokenizerJson());
        ObjectNode config = LetiJson.mapper().createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("eos_token", SpecialToken.END_OF_TEXT.text());
        config.put("pad_token", SpecialToken.PAD.text());
        config.put("clean_up_tokenization_spaces", false);
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_CONFIG_FILE),
                LetiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    /** Hugging Face {@code tokenizer.json}: byte-level BPE, no merges, the special tokens as added tokens. */
    String tokenizerJson() {
        ObjectNode root = LetiJson.mapper().createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        specialIds.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(entry -> {
            ObjectNode token = added.addObject();
            token.put("id", entry.getValue());
            token.put("content", entry.getKey().text());
            token.put("single_word", false);
            token.put("lstrip", false);
            token.put("rstrip", false);
            token.put("normalized", false);
            token.put("special", true);
        });
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel());
        root.putNull("post_processor");
        root.set("decoder", byteLevel());
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < BYTE_TOKENS; b++) {
            vocab.put(String.valueOf(BYTE_TO_CHAR[b]), b);
        }
        model.putArray("merges");
        return LetiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static ObjectNode byteLevel() {
        ObjectNode node = LetiJson.mapper().createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", true);
        node.put("use_regex", false);
        return node;
    }

    /** Whether a {@code tokenizer.json} vocabulary is exactly this tokenizer's byte alphabet. */
    static boolean isByteAlphabet(Map<String, Integer> vocab) {
        if (vocab.size() != BYTE_TOKENS) {
            return false;
        }
        for (int b = 0; b < BYTE_TOKENS; b++) {
            if (!Integer.valueOf(b).equals(vocab.get(String.valueOf(BYTE_TO_CHAR[b])))) {
                return false;
            }
        }
        return true;
    }

    /**
     * GPT-2's printable stand-ins for bytes, which Hugging Face byte-level tokenizers use as
     * vocabulary keys: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards.
     */
    private static char[] gpt2ByteAlphabet() {
        char[] chars = new char[BYTE_TOKENS];
        int next = 0;
        for (int b = 0; b < BYTE_TOKENS; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = printable ? (char) b : (char) (BYTE_TOKENS + next++);
        }
        return chars;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
