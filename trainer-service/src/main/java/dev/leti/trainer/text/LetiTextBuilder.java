package dev.leti.trainer.text;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.model.text.LetiText;
import dev.leti.model.tokenizer.SpecialToken;
import java.util.Optional;

/**
 * Turns a recorded sample and the executor's verdict into LeTI training text
 * ({@link LetiText}, shared/LETI.md step 4), per feedback mode:
 * <ul>
 *   <li>{@link FeedbackMode#TEXTUAL}: {@code <|good|>} + prompt + program for a pass;
 *       {@code <|bad|>} + {@code <|lang_feedback|>}feedback{@code <|/lang_feedback|>} + prompt +
 *       program for a failure.</li>
 *   <li>{@link FeedbackMode#BINARY}: the same reward tokens, never a feedback block.</li>
 *   <li>{@link FeedbackMode#NONE}: rejection-sampling fine-tuning: only passing samples, as
 *       plain prompt + program; with every kept sample passing, a reward token would carry
 *       no information.</li>
 * </ul>
 * Parts are concatenated without separators. A sample whose sandbox failed says nothing
 * about the program and is never trained on.
 */
public final class LetiTextBuilder {

    private LetiTextBuilder() {
    }

    /** The training text of one example, or empty when the mode leaves it out. */
    public static Optional<LetiText> build(TrainingExample example, FeedbackMode mode) {
        Outcome outcome = example.outcome();
        if (outcome == Outcome.SANDBOX_ERROR || (mode == FeedbackMode.NONE && !outcome.passed())) {
            return Optional.empty();
        }
        SpecialToken reward = switch (mode) {
            case NONE -> null;
            case TEXTUAL, BINARY -> outcome.passed() ? SpecialToken.GOOD : SpecialToken.BAD;
        };
        String feedback = mode == FeedbackMode.TEXTUAL && !outcome.passed() ? example.feedback() : null;
        return Optional.of(new LetiText(reward, feedback, example.prompt(), example.program()));
    }
}
