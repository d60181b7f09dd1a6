package dev.leti.model.tokenizer;

/** The special tokens every LeTI model's tokenizer has; none of them ever arises from plain text. */
public enum SpecialToken {
    /** Ends a document; sampling stops when the model emits it. */
    END_OF_TEXT("<|endoftext|>"),
    /** Reward token of a program that passed its tests. */
    GOOD("<|good|>"),
    /** Reward token of a program that failed. */
    BAD("<|bad|>"),
    /** Opens the textual feedback block. */
    LANG_FEEDBACK("<|lang_feedback|>"),
    /** Closes the textual feedback block. */
    LANG_FEEDBACK_END("<|/lang_feedback|>"),
    /** Fills batches; never trained on, never sampled. */
    PAD("<|pad|>");

    private final String text;

    SpecialToken(String text) {
        this.text = text;
    }

    /** The token's text, as written in training text and in {@code tokenizer.json}. */
    public String text() {
        return text;
    }

    /**
     * The reward token written {@code text}: {@link #GOOD} or {@link #BAD}; null for the empty text
     * of no reward token.
     */
    public static SpecialToken reward(String text) {
        return switch (text) {
            case "" -> null;
            case "<|good|>" -> GOOD;
            case "<|bad|>" -> BAD;
            default -> throw new IllegalArgumentException("not a reward token: " + text);
        };
    }
}
