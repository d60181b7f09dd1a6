package dev.leti.model.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Text to token ids and back. Implementations are immutable and thread-safe.
 *
 * <p>{@link #encode(String)} treats its input as plain text: a special token's text inside
 * it (say a problem statement quoting {@code <|endoftext|>}) is encoded as ordinary text, so
 * special tokens never arise from data. Training text that deliberately contains special
 * tokens is encoded with {@link #encodeWithSpecialTokens(String)}.
 */
public interface Tokenizer {

    /** Encodes plain text; never yields a special token. */
    int[] encode(String text);

    /** Encodes text in which the exact texts of {@link SpecialToken}s stand for those tokens. */
    int[] encodeWithSpecialTokens(String text);

    /**
     * Decodes ids to text. Special tokens other than padding are rendered as their text,
     * padding is dropped, and bytes that do not form complete UTF-8 (a completion cut in the
     * middle of a character) become U+FFFD instead of failing.
     */
    String decode(int[] ids);

    /** The id of a special token. */
    int id(SpecialToken token);

    /**
     * Ids a sampled completion ends at: {@link SpecialToken#END_OF_TEXT}'s, plus any further
     * end-of-sequence ids the checkpoint's {@code generation_config.json} names.
     */
    default int[] stopIds() {
        return new int[] {id(SpecialToken.END_OF_TEXT)};
    }

    /**
     * Ids of the special tokens this tokenizer added on loading because the checkpoint's
     * tokenizer lacked them (say {@code <|good|>} in a Qwen tokenizer). A model loading the
     * checkpoint initialises those embedding rows from the mean of the existing rows, growing
     * the embedding (and an untied output head) where an id lies beyond them. Empty for a
     * checkpoint that already has every LeTI token.
     */
    default int[] addedTokenIds() {
        return new int[0];
    }

    /**
     * Ids every sequence the model reads begins with: the checkpoint's beginning-of-sequence
     * token where its tokenizer adds one (Llama's {@code <s>} or {@code <|begin_of_text|>}),
     * nothing otherwise (Qwen2, the built-in models). {@link #encodePrompt} and LeTI's training
     * text ({@code text.SequenceTruncation}) put them first; {@link #encode} never does.
     */
    default int[] sequenceStart() {
        return new int[0];
    }

    /** Number of ids this tokenizer produces (ids are {@code 0 .. vocabSize()-1}). */
    int vocabSize();

    /** Writes this tokenizer's files ({@code tokenizer.json}, {@code tokenizer_config.json}) into a directory. */
    void save(Path directory) throws IOException;

    /**
     * Encodes a prompt as the model reads it: {@link #sequenceStart()}, the reward token
     * ({@code rewardText} is the text of {@link SpecialToken#GOOD} or {@link SpecialToken#BAD}, or
     * empty for none), then the prompt as plain text.
     */
    default int[] encodePrompt(String rewardText, String prompt) {
        int[] start = sequenceStart();
        int[] text = encode(prompt);
        SpecialToken reward = SpecialToken.reward(rewardText);
        int[] ids = Arrays.copyOf(start, start.length + (reward == null ? 0 : 1) + text.length);
        if (reward != null) {
            ids[start.length] = id(reward);
        }
        System.arraycopy(text, 0, ids, ids.length - text.length, text.length);
        return ids;
    }

    /** Whether an id is one of the special tokens. */
    default boolean isSpecial(int id) {
        return Arrays.stream(SpecialToken.values()).anyMatch(token -> id(token) == id);
    }
}
