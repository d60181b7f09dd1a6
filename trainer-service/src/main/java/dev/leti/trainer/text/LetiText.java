package dev.leti.trainer.text;

import dev.leti.contracts.RewardToken;
import java.util.Objects;

/**
 * One sample's LeTI training text in its parts, in training order: reward token, the optional
 * feedback block, prompt, program, end-of-text (as every pre-training document ends, so that
 * fine-tuning keeps teaching the model to stop). Kept in parts so truncation can trim each by
 * its own rule.
 *
 * @param rewardToken the reward token; {@link RewardToken#NONE} when the mode uses none
 * @param feedback    the feedback inside the {@code <|lang_feedback|>} block; null when there is no block
 * @param prompt      the prompt the program was sampled from, without reward token
 * @param program     the generated program, always trained on whole
 */
public record LetiText(RewardToken rewardToken, String feedback, String prompt, String program) {

    public static final String FEEDBACK_OPEN = "<|lang_feedback|>";
    public static final String FEEDBACK_CLOSE = "<|/lang_feedback|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    public LetiText {
        Objects.requireNonNull(rewardToken, "rewardToken");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(program, "program");
    }

    /** Whether the text carries a feedback block. */
    public boolean hasFeedback() {
        return feedback != null;
    }

    /** The whole text, exactly as it is trained on when it fits. */
    public String text() {
        return rewardToken.text() + (hasFeedback() ? FEEDBACK_OPEN + feedback + FEEDBACK_CLOSE : "") + prompt + program
                + END_OF_TEXT;
    }
}
