package dev.leti.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.leti.model.config.ModelJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Hugging Face {@code tokenizer.json} run by the {@code tokenizers} library (through DJL's
 * JNI binding): byte-level BPE (GPT-2, Qwen2, Llama 3, the built-in models), SentencePiece-style
 * BPE (Llama 2), or any other model the library reads. The only tokenizer implementation.
 *
 * <p>The LeTI roles ({@link SpecialToken}) map to the checkpoint's own tokens where it has them
 * (its end-of-sequence token becomes {@link SpecialToken#END_OF_TEXT}, its padding token
 * {@link SpecialToken#PAD} unless it is the end-of-sequence token too) and are added as new
 * special tokens otherwise, with ids from the vocabulary's end upward, reported by
 * {@link #addedTokenIds()}. {@link #save} writes them into {@code tokenizer.json}, so a saved
 * checkpoint reloads with the same ids and adds nothing.
 *
 * <p>The checkpoint's beginning-of-sequence convention is honoured: the ids its
 * {@code tokenizer.json} post-processor puts in front of a sequence (Llama 2 and 3 put their BOS
 * token there; Qwen2 and GPT-2 nothing), or its {@code bos_token} when {@code tokenizer_config.json}
 * says {@code add_bos_token: true} and the post-processor adds none; none when it says
 * {@code false}. They are {@link #sequenceStart()}: prompts and training text alike begin with
 * them, so the two are always encoded the same way; {@link #encode} never adds them.
 */
final class HfTokenizer implements Tokenizer {

    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer library;
    private final String tokenizerJson;
    private final ObjectNode tokenizerConfig;
    private final JsonNode generationConfig;
    private final EnumMap<SpecialToken, Integer> roles;
    private final int[] added;
    private final int[] stops;
    private final int[] start;
    private final int vocabSize;
    /** Contents of every added token, longest first: the library splits them out of any text. */
    private final List<String> addedContents;

    private HfTokenizer(HuggingFaceTokenizer library, String tokenizerJson, ObjectNode tokenizerConfig,
                        JsonNode generationConfig, EnumMap<SpecialToken, Integer> roles, int[] added, int[] stops,
                        int[] start, int vocabSize, List<String> addedContents) {
        this.library = library;
        this.tokenizerJson = tokenizerJson;
        this.tokenizerConfig = tokenizerConfig;
        this.generationConfig = generationConfig;
        this.roles = roles;
        this.added = added;
        this.stops = stops;
        this.start = start;
        this.vocabSize = vocabSize;
        this.addedContents = addedContents;
    }

    /**
     * Reads a tokenizer from the texts of its files.
     *
     * @param where            where the files are, for error messages
     * @param tokenizerText    {@code tokenizer.json}
     * @param configText       {@code tokenizer_config.json}, or null
     * @param generationText   {@code generation_config.json}, or null
     * @throws IllegalArgumentException naming the file when one is malformed or the library refuses it
     */
    static HfTokenizer read(String where, String tokenizerText, String configText, String generationText) {
        ObjectNode root = object(where, Tokenizers.TOKENIZER_FILE, tokenizerText);
        ObjectNode config = configText == null ? ModelJson.mapper().createObjectNode()
                : object(where, Tokenizers.TOKENIZER_CONFIG_FILE, configText);
        JsonNode generation = generationText == null ? null
                : object(where, Tokenizers.GENERATION_CONFIG_FILE, generationText);

        Map<String, Integer> known = new HashMap<>();
        int next = vocabulary(where, root.path("model"), known) + 1;
        ArrayNode addedTokens = root.path("added_tokens").isArray() ? (ArrayNode) root.get("added_tokens")
                : root.putArray("added_tokens");
        for (JsonNode token : addedTokens) {
            int id = token.path("id").asInt(-1);
            String content = token.path("content").asString("");
            if (id < 0 || content.isEmpty()) {
                throw new IllegalArgumentException(where + "/" + Tokenizers.TOKENIZER_FILE
                        + ": an added token needs an id and a content: " + token);
            }
            known.put(content, id);
            next = Math.max(next, id + 1);
        }

        EnumMap<SpecialToken, Integer> roles = new EnumMap<>(SpecialToken.class);
        Integer eos = tokenText(config.get("eos_token")).map(known::get).orElse(null);
        if (eos != null) {
            roles.put(SpecialToken.END_OF_TEXT, eos);
        }
        Integer pad = tokenText(config.get("pad_token")).map(known::get).orElse(null);
        if (pad != null && !pad.equals(eos)) {
            roles.put(SpecialToken.PAD, pad);
        }
        List<Integer> addedIds = new ArrayList<>();
        for (SpecialToken token : SpecialToken.values()) {
            if (roles.containsKey(token)) {
                continue;
            }
            Integer id = known.get(token.text());
            if (id == null || roles.containsValue(id)) {
                id = next++;
                Tokenizers.addSpecialToken(addedTokens, id, token.text());
                known.put(token.text(), id);
                addedIds.add(id);
            }
            roles.put(token, id);
        }
        if (!config.has("eos_token")) {
            config.put("eos_token", SpecialToken.END_OF_TEXT.text());
        }
        if (!config.has("pad_token") || pad == null || pad.equals(eos)) {
            config.put("pad_token", contentOf(addedTokens, roles.get(SpecialToken.PAD)));
        }

        Set<Integer> stopIds = new LinkedHashSet<>();
        stopIds.add(roles.get(SpecialToken.END_OF_TEXT));
        if (generation != null) {
            JsonNode eosIds = generation.path("eos_token_id");
            (eosIds.isArray() ? eosIds : ModelJson.mapper().createArrayNode().add(eosIds)).forEach(id -> {
                if (id.isIntegralNumber()) {
                    stopIds.add(id.asInt());
                }
            });
        }

        String json = ModelJson.mapper().writeValueAsString(root);
        HuggingFaceTokenizer library;
        try {
            library = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + "/" + Tokenizers.TOKENIZER_FILE
                    + ": the tokenizers library cannot read it: " + e.getMessage(), e);
        }
        List<String> contents = new ArrayList<>();
        addedTokens.forEach(token -> contents.add(token.path("content").asString()));
        contents.sort(Comparator.comparingInt(String::length).reversed());
        return new HfTokenizer(library, json, config, generation, roles,
                addedIds.stream().mapToInt(Integer::intValue).toArray(),
                stopIds.stream().mapToInt(Integer::intValue).toArray(),
                sequenceStart(library, config, known), next, List.copyOf(contents));
    }

    /**
     * What the checkpoint puts before every sequence: the ids its post-processor adds in front of
     * a text when asked for special tokens, unless {@code add_bos_token} is false; its
     * {@code bos_token} when {@code add_bos_token} is true and the post-processor adds nothing.
     */
    private static int[] sequenceStart(HuggingFaceTokenizer library, ObjectNode config, Map<String, Integer> known) {
        JsonNode add = config.get("add_bos_token");
        if (add != null && add.isBoolean() && !add.asBoolean()) {
            return new int[0];
        }
        long[] plain = library.encode("a", false, false).getIds();
        long[] special = library.encode("a", true, false).getIds();
        for (int at = 0; at + plain.length <= special.length; at++) {
            if (Arrays.equals(special, at, at + plain.length, plain, 0, plain.length)) {
                if (at > 0) {
                    return Arrays.stream(special, 0, at).mapToInt(Math::toIntExact).toArray();
                }
                break;
            }
        }
        if (add != null && add.asBoolean(false)) {
            return tokenText(config.get("bos_token")).map(known::get).map(id -> new int[] {id}).orElse(new int[0]);
        }
        return new int[0];
    }

    /** Fills {@code known} with the model's vocabulary and returns its largest id (-1 when empty). */
    private static int vocabulary(String where, JsonNode model, Map<String, Integer> known) {
        JsonNode vocab = model.path("vocab");
        int max = -1;
        if (vocab.isObject()) {
            for (var entry : vocab.properties()) {
                int id = entry.getValue().asInt();
                known.put(entry.getKey(), id);
                max = Math.max(max, id);
            }
        } else if (vocab.isArray()) {
            // Unigram: [piece, score] pairs, the id is the position.
            for (int id = 0; id < vocab.size(); id++) {
                known.put(vocab.get(id).path(0).asString(), id);
            }
            max = vocab.size() - 1;
        } else {
            throw new IllegalArgumentException(where + "/" + Tokenizers.TOKENIZER_FILE + ": model.vocab is missing");
        }
        return max;
    }

    private static java.util.Optional<String> tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        String text = node.isObject() ? node.path("content").asString("") : node.asString("");
        return text.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(text);
    }

    private static String contentOf(ArrayNode addedTokens, int id) {
        for (JsonNode token : addedTokens) {
            if (token.path("id").asInt(-1) == id) {
                return token.path("content").asString();
            }
        }
        return SpecialToken.PAD.text();
    }

    private static ObjectNode object(String where, String file, String text) {
        try {
            JsonNode node = ModelJson.mapper().readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + "/" + file + " is not valid JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(where + "/" + file + " is not a JSON object");
    }

    @Override
    public int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        encodePlain(text, parts);
        return concat(parts);
    }

    /**
     * Encodes text in pieces so that no added token's text comes out as that token: each
     * occurrence is encoded as its first character and the rest, neither of which matches it.
     */
    private void encodePlain(String text, List<int[]> parts) {
        int start = 0;
        while (start < text.length()) {
            int nearest = -1;
            String found = null;
            for (String content : addedContents) {
                int at = text.indexOf(content, start);
                if (at >= 0 && (nearest < 0 || at < nearest)) {
                    nearest = at;
                    found = content;
                }
            }
            if (found == null || found.length() < 2) {
                parts.add(library(text.substring(start)));
                return;
            }
            parts.add(library(text.substring(start, nearest)));
            int split = found.offsetByCodePoints(0, 1);
            parts.add(library(found.substring(0, split)));
            encodePlain(found.substring(split), parts);
            start = nearest + found.length();
        }
    }

    private int[] library(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        long[] ids = library.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        List<int[]> parts = new ArrayList<>();
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
            encodePlain(text.substring(start, nearest), parts);
            if (found == null) {
                break;
            }
            parts.add(new int[] {id(found)});
            start = nearest + found.text().length();
        }
        return concat(parts);
    }

    @Override
    public String decode(int[] ids) {
        int pad = id(SpecialToken.PAD);
        long[] kept = Arrays.stream(ids).filter(id -> {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize);
            }
            return id != pad;
        }).asLongStream().toArray();
        return kept.length == 0 ? "" : library.decode(kept, false);
    }

    @Override
    public int id(SpecialToken token) {
        return roles.get(token);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int[] stopIds() {
        return stops.clone();
    }

    @Override
    public int[] addedTokenIds() {
        return added.clone();
    }

    @Override
    public int[] sequenceStart() {
        return start.clone();
    }

    @Override
    public void save(Path directory) throws IOException {
        var writer = ModelJson.mapper().writerWithDefaultPrettyPrinter();
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_FILE),
                writer.writeValueAsString(ModelJson.mapper().readTree(tokenizerJson)));
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_CONFIG_FILE), writer.writeValueAsString(tokenizerConfig));
        if (generationConfig != null) {
            Files.writeString(directory.resolve(Tokenizers.GENERATION_CONFIG_FILE), writer.writeValueAsString(generationConfig));
        }
    }

    private static int[] concat(List<int[]> parts) {
        int length = parts.stream().mapToInt(part -> part.length).sum();
        int[] out = new int[length];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
