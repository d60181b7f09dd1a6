package dev.leti.contracts;

/** The reward token put in front of a prompt, at training time and optionally at inference. */
public enum RewardToken {
    GOOD("<|good|>"),
    BAD("<|bad|>"),
    /** No reward token at all. */
    NONE("");

    private final String text;

    RewardToken(String text) {
        this.text = text;
    }

    /** The token's text as it appears in the model's vocabulary; empty for {@link #NONE}. */
    public String text() {
        return text;
    }
}
