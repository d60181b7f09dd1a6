package dev.leti.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;

/** The LeTI text format and its truncation on the built-in byte-level tokenizer (one token per ASCII byte). */
class LetiTextTest {

    final Tokenizer tokenizer = Tokenizers.byteLevel();
    final SequenceTruncation truncation = new SequenceTruncation(tokenizer);

    @Test
    void partsComeInTrainingOrder() {
        LetiText failed = new LetiText(SpecialToken.BAD, "NameError", "P\n", "x\n");
        LetiText plain = new LetiText(null, null, "P\n", "x\n");

        assertThat(failed.text()).isEqualTo("<|bad|><|lang_feedback|>NameError<|/lang_feedback|>P\nx\n<|endoftext|>");
        assertThat(plain.text()).isEqualTo("P\nx\n<|endoftext|>");
        assertThat(tokenizer.decode(truncation.fit(failed, 100).orElseThrow())).isEqualTo(failed.text());
        assertThat(truncation.fit(plain, 100).orElseThrow())
                .containsExactly('P', '\n', 'x', '\n', tokenizer.id(SpecialToken.END_OF_TEXT));
    }

    @Test
    void onlyGoodAndBadAreRewardTokens() {
        assertThatThrownBy(() -> new LetiText(SpecialToken.PAD, null, "p", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAD");
    }

    @Test
    void truncationKeepsRewardAndProgramAndTrimsFeedbackThenPromptFromTheLeft() {
        LetiText text = new LetiText(SpecialToken.BAD, "0123456789", "abcdef", "xyz");
        // reward 1 + program 3 + end-of-text 1 = 5; with 6 prompt tokens 11 leave no feedback block.
        assertThat(tokenizer.decode(truncation.fit(text, 11).orElseThrow())).isEqualTo("<|bad|>abcdefxyz<|endoftext|>");
        assertThat(tokenizer.decode(truncation.fit(text, 16).orElseThrow()))
                .isEqualTo("<|bad|><|lang_feedback|>789<|/lang_feedback|>abcdefxyz<|endoftext|>");
        assertThat(tokenizer.decode(truncation.fit(text, 8).orElseThrow())).isEqualTo("<|bad|>defxyz<|endoftext|>");
        assertThat(truncation.fit(text, 4)).isEmpty();
    }

    @Test
    void aCheckpointsBeginningOfSequenceComesFirstAndCountsInTheBudget() {
        Tokenizer withBos = new BeginningOfSequence(tokenizer, 7);
        LetiText text = new LetiText(SpecialToken.GOOD, null, "abcdef", "xyz");

        assertThat(new SequenceTruncation(withBos).fit(text, 9).orElseThrow())
                .startsWith(7, tokenizer.id(SpecialToken.GOOD)).hasSize(9)
                .containsSubsequence(tokenizer.encode("defxyz"));
        assertThat(new SequenceTruncation(withBos).fit(text, 9).orElseThrow())
                .startsWith(withBos.encodePrompt("<|good|>", "def"));
    }

    /** The byte-level tokenizer with a beginning-of-sequence id, as a Llama checkpoint's tokenizer has one. */
    private record BeginningOfSequence(Tokenizer delegate, int bos) implements Tokenizer {
        public int[] encode(String text) {
            return delegate.encode(text);
        }

        public int[] encodeWithSpecialTokens(String text) {
            return delegate.encodeWithSpecialTokens(text);
        }

        public String decode(int[] ids) {
            return delegate.decode(ids);
        }

        public int id(SpecialToken token) {
            return delegate.id(token);
        }

        public int vocabSize() {
            return delegate.vocabSize();
        }

        public void save(java.nio.file.Path directory) throws java.io.IOException {
            delegate.save(directory);
        }

        public int[] sequenceStart() {
            return new int[] {bos};
        }
    }
}
