package dev.leti.model.text;

import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fits a {@link LetiText} into a token budget. The program is what the model learns to write,
 * so it is always kept whole, as is the reward token that conditions it. What does not fit is
 * trimmed in this order: the feedback first, then the prompt. Both lose their beginning and keep
 * their end: the end of a traceback names the error, and the end of a prompt is what the
 * program continues. A block left with no room for even one feedback token is dropped whole.
 * A text whose reward token, program and end-of-text token alone exceed the budget is left out.
 * The tokenizer's {@link Tokenizer#sequenceStart()} (a checkpoint's BOS token) comes first, as
 * in every prompt the model is sampled with.
 *
 * <p>Prompt, feedback and program are encoded as plain text, so a special token's text quoted
 * in them (a program printing {@code <|endoftext|>}) never becomes a special token.
 */
public final class SequenceTruncation {

    private final Tokenizer tokenizer;
    private final int[] start;
    private final int[] feedbackOpen;
    private final int[] feedbackClose;
    private final int[] endOfText;

    public SequenceTruncation(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.start = tokenizer.sequenceStart();
        this.feedbackOpen = new int[] {tokenizer.id(SpecialToken.LANG_FEEDBACK)};
        this.feedbackClose = new int[] {tokenizer.id(SpecialToken.LANG_FEEDBACK_END)};
        this.endOfText = new int[] {tokenizer.id(SpecialToken.END_OF_TEXT)};
    }

    /** The token ids of the text within {@code maxTokens}, or empty when the program alone does not fit. */
    public Optional<int[]> fit(LetiText text, int maxTokens) {
        int[] reward = text.rewardToken() == null ? new int[0] : new int[] {tokenizer.id(text.rewardToken())};
        int[] prompt = tokenizer.encode(text.prompt());
        int[] program = tokenizer.encode(text.program());
        int budget = maxTokens - start.length - reward.length - program.length - endOfText.length;
        if (budget < 0) {
            return Optional.empty();
        }
        int[] block = new int[0];
        if (text.hasFeedback()) {
            int[] feedback = tokenizer.encode(text.feedback());
            int feedbackRoom = budget - prompt.length - feedbackOpen.length - feedbackClose.length;
            if (feedbackRoom > 0) {
                block = concat(feedbackOpen, keepLast(feedback, feedbackRoom), feedbackClose);
            }
        }
        return Optional.of(concat(start, reward, block, keepLast(prompt, budget - block.length), program, endOfText));
    }

    private static int[] keepLast(int[] tokens, int room) {
        return tokens.length <= room ? tokens : Arrays.copyOfRange(tokens, tokens.length - room, tokens.length);
    }

    private static int[] concat(int[]... parts) {
        int[] all = new int[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
