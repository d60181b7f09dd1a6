package dev.leti.trainer.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.model.text.LetiText;
import dev.leti.model.text.SequenceTruncation;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.tokenizer.Tokenizers;
import dev.leti.model.tokenizer.SpecialToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training text of every feedback mode, compared with hand-written fixtures under
 * {@code golden/text/} (shared/LETI.md step 4), and the truncation policy on the tokens the
 * built-in byte-level tokenizer produces (one token per ASCII byte, one per special token).
 */
class LetiTrainingTextGoldenTest {

    static final String PROMPT = "\"\"\"\nWrite a function to add two numbers.\nassert add(2, 3) == 5\n\"\"\"\n";
    static final String FEEDBACK = "Traceback (most recent call last):\n  File \"program.py\", line 3, in <module>\n"
            + "    assert add(2, 3) == 5\nAssertionError\n";
    static final TrainingExample PASSED = example("def add(a, b):\n    return a + b\n", Outcome.PASSED, "");
    static final TrainingExample FAILED = example("def add(a, b):\n    return a - b\n", Outcome.FAILED, FEEDBACK);

    final Tokenizer tokenizer = Tokenizers.byteLevel();
    final SequenceTruncation truncation = new SequenceTruncation(tokenizer);

    @ParameterizedTest
    @CsvSource({
        "TEXTUAL, PASSED, textual-passed.txt",
        "TEXTUAL, FAILED, textual-failed.txt",
        "BINARY, PASSED, binary-passed.txt",
        "BINARY, FAILED, binary-failed.txt",
        "NONE, PASSED, none-passed.txt"})
    void eachModeBuildsTheLetiText(FeedbackMode mode, Outcome outcome, String golden) throws IOException {
        TrainingExample example = outcome.passed() ? PASSED : FAILED;

        LetiText text = LetiTextBuilder.build(example, mode).orElseThrow();

        assertThat(text.text()).isEqualTo(golden(golden));
        assertThat(tokenizer.decode(truncation.fit(text, 4096).orElseThrow())).isEqualTo(golden(golden));
    }

    @Test
    void rejectionSamplingLeavesFailedSamplesOut() {
        assertThat(LetiTextBuilder.build(FAILED, FeedbackMode.NONE)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FeedbackMode.class)
    void aSandboxErrorIsNeverTrainedOn(FeedbackMode mode) {
        assertThat(LetiTextBuilder.build(example("x = 1\n", Outcome.SANDBOX_ERROR, "sandbox died"), mode)).isEmpty();
    }

    @Test
    void specialTokensAreSingleTokensAndQuotedOnesStayPlainText() {
        TrainingExample quoting = example("print('<|good|>')\n", Outcome.FAILED, "<|endoftext|>");
        int[] ids = truncation.fit(LetiTextBuilder.build(quoting, FeedbackMode.TEXTUAL).orElseThrow(), 4096).orElseThrow();

        assertThat(ids).startsWith(tokenizer.id(SpecialToken.BAD), tokenizer.id(SpecialToken.LANG_FEEDBACK));
        assertThat(Arrays.stream(ids).filter(tokenizer::isSpecial).count()).isEqualTo(4);
    }

    @Test
    void theFullFailedTextIs220Tokens() {
        // 4 special tokens + 117 feedback + 67 prompt + 32 program bytes: the budgets below count from it.
        assertThat(truncation.fit(LetiTextBuilder.build(FAILED, FeedbackMode.TEXTUAL).orElseThrow(), 220).orElseThrow())
                .hasSize(220).endsWith(tokenizer.id(SpecialToken.END_OF_TEXT));
    }

    @Test
    void feedbackIsTrimmedFirstKeepingItsEnd() throws IOException {
        assertThat(fitted(FAILED, 180)).isEqualTo(golden("textual-failed-feedback-trimmed.txt"));
    }

    @Test
    void aBlockWithNoRoomForFeedbackIsDroppedWhole() throws IOException {
        // reward 1 + markers 2 + prompt 67 + program 32 + end-of-text 1 leaves no feedback token.
        assertThat(fitted(FAILED, 103)).isEqualTo(golden("binary-failed.txt"));
    }

    @Test
    void thenThePromptIsTrimmedFromTheLeftAndTheProgramStaysWhole() throws IOException {
        assertThat(fitted(FAILED, 1 + 20 + 32 + 1)).isEqualTo(golden("textual-failed-prompt-trimmed.txt"));
    }

    @Test
    void aTextWhoseProgramAloneDoesNotFitIsLeftOut() {
        LetiText text = LetiTextBuilder.build(FAILED, FeedbackMode.TEXTUAL).orElseThrow();

        assertThat(truncation.fit(text, 33)).isEmpty();
        assertThat(truncation.fit(text, 34)).hasValueSatisfying(ids -> assertThat(ids).hasSize(34));
    }

    private String fitted(TrainingExample example, int maxTokens) {
        int[] ids = truncation.fit(LetiTextBuilder.build(example, FeedbackMode.TEXTUAL).orElseThrow(), maxTokens).orElseThrow();
        assertThat(ids).hasSizeLessThanOrEqualTo(maxTokens);
        return tokenizer.decode(ids);
    }

    private static TrainingExample example(String program, Outcome outcome, String feedback) {
        return new TrainingExample(UUID.nameUUIDFromBytes(program.getBytes(StandardCharsets.UTF_8)), "add",
                PROMPT, program, outcome, feedback);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = LetiTrainingTextGoldenTest.class.getResourceAsStream("/golden/text/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
