package dev.leti.model.text;

import dev.leti.model.tokenizer.SpecialToken;
import java.util.Objects;

/**
 * One sample's LeTI training text in its parts, in training order (shared/LETI.md, step 4):
 * reward token, the optional feedback block, prompt, program, end-of-text (as every pre-training
 * document ends, so that fine-tuning keeps teaching the model to stop). Kept in parts so
 * {@link SequenceTruncation} can trim each by its own rule. The one definition of the format: the
 * trainer and the pre-training experiments both build their text here.
 *
 * @param rewardToken {@link SpecialToken#GOOD} or {@link SpecialToken#BAD}; null when the text has none
 * @param feedback    the feedback inside the {@code <|lang_feedback|>} block; null when there is no block
 * @param prompt      the prompt the program was sampled from, without reward token
 * @param program     the generated program, always trained on whole
 */
public record LetiText(SpecialToken rewardToken, String feedback, String prompt, String program) {

    public LetiText {
        if (rewardToken != null && rewardToken != SpecialToken.GOOD && rewardToken != SpecialToken.BAD) {
            throw new IllegalArgumentException("a reward token is GOOD or BAD, not " + rewardToken);
        }
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(program, "program");
    }

    /** Whether the text carries a feedback block. */
    public boolean hasFeedback() {
        return feedback != null;
    }

    /** The reward token's text; empty when there is none. */
    public String rewardText() {
        return rewardToken == null ? "" : rewardToken.text();
    }

    /** The whole text, exactly as it is trained on when it fits. */
    public String text() {
        return rewardText()
                + (hasFeedback() ? SpecialToken.LANG_FEEDBACK.text() + feedback + SpecialToken.LANG_FEEDBACK_END.text() : "")
                + prompt + program + SpecialToken.END_OF_TEXT.text();
    }
}
