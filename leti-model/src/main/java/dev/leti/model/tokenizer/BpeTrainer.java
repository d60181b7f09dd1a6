package dev.leti.model.tokenizer;

import dev.leti.model.config.ModelJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Learns a byte-level BPE vocabulary (GPT-2's scheme, as Qwen2 and Llama 3 use) from a corpus
 * and writes it as a Hugging Face {@code tokenizer.json}: ids 0..255 are the bytes, then one id
 * per merge in the order learned, then the given special tokens. Words are split with GPT-2's
 * pattern, which the {@code ByteLevel} pre-tokenizer written into the file applies as well.
 * Deterministic: ties between equally frequent pairs go to the lexicographically smaller pair.
 */
public final class BpeTrainer {

    /** GPT-2's word pattern (the {@code tokenizers} library's {@code ByteLevel} default). */
    private static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private BpeTrainer() {
    }

    /**
     * Learns merges until the vocabulary (bytes plus merges) has {@code vocabSize} entries or no
     * pair occurs twice, and returns the {@code tokenizer.json} text.
     *
     * @param specialTokens added tokens after the merges, e.g. {@code <|endoftext|>}
     */
    public static String train(List<String> corpus, int vocabSize, List<String> specialTokens) {
        if (vocabSize < Tokenizers.BYTE_TOKENS) {
            throw new IllegalArgumentException("vocabSize must be at least " + Tokenizers.BYTE_TOKENS + ": " + vocabSize);
        }
        Map<List<String>, Integer> words = new HashMap<>();
        for (String text : corpus) {
            Matcher matcher = WORDS.matcher(text);
            while (matcher.find()) {
                words.merge(symbols(matcher.group()), 1, Integer::sum);
            }
        }
        List<String[]> merges = new ArrayList<>();
        while (Tokenizers.BYTE_TOKENS + merges.size() < vocabSize) {
            Map<String, Integer> pairs = new HashMap<>();
            words.forEach((word, count) -> {
                for (int i = 0; i + 1 < word.size(); i++) {
                    pairs.merge(word.get(i) + '\u0000' + word.get(i + 1), count, Integer::sum);
                }
            });
            String best = null;
            int bestCount = 1;
            for (var pair : pairs.entrySet()) {
                if (pair.getValue() > bestCount || pair.getValue() == bestCount && best != null
                        && pair.getKey().compareTo(best) < 0) {
                    best = pair.getKey();
                    bestCount = pair.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String[] merge = best.split("\u0000", 2);
            merges.add(merge);
            Map<List<String>, Integer> merged = new HashMap<>();
            words.forEach((word, count) -> merged.merge(apply(word, merge[0], merge[1]), count, Integer::sum));
            words = merged;
        }
        return json(merges, specialTokens);
    }

    private static List<String> symbols(String word) {
        List<String> symbols = new ArrayList<>();
        for (byte b : word.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            symbols.add(Tokenizers.byteChar(b & 0xFF));
        }
        return symbols;
    }

    private static List<String> apply(List<String> word, String left, String right) {
        List<String> out = new ArrayList<>(word.size());
        for (int i = 0; i < word.size(); i++) {
            if (i + 1 < word.size() && word.get(i).equals(left) && word.get(i + 1).equals(right)) {
                out.add(left + right);
                i++;
            } else {
                out.add(word.get(i));
            }
        }
        return out;
    }

    private static String json(List<String[]> merges, List<String> specialTokens) {
        Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        for (int b = 0; b < Tokenizers.BYTE_TOKENS; b++) {
            ids.put(Tokenizers.byteChar(b), b);
        }
        // Two merges may spell the same string ("a"+"bc", "ab"+"c"): it keeps its first id.
        merges.forEach(merge -> ids.putIfAbsent(merge[0] + merge[1], ids.size()));
        ObjectNode root = ModelJson.mapper().createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        int next = ids.size();
        for (String special : specialTokens) {
            Tokenizers.addSpecialToken(added, next++, special);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", Tokenizers.byteLevelStep(true));
        root.putNull("post_processor");
        root.set("decoder", Tokenizers.byteLevelStep(true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        ids.forEach(vocab::put);
        ArrayNode mergeList = model.putArray("merges");
        merges.forEach(merge -> mergeList.add(merge[0] + " " + merge[1]));
        return ModelJson.mapper().writeValueAsString(root);
    }
}
