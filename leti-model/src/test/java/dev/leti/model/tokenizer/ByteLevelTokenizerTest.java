package dev.leti.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.contracts.RewardToken;
import dev.leti.model.checkpoint.Checkpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelTokenizerTest {

    private final ByteLevelTokenizer tokenizer = new ByteLevelTokenizer();

    @Test
    void arbitraryBytesRoundTripExactly() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            byte[] bytes = new byte[random.nextInt(0, 300)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            int[] ids = tokenizer.encodeBytes(bytes);
            assertThat(Arrays.stream(ids).allMatch(id -> id >= 0 && id < 256)).isTrue();
            assertThat(tokenizer.decodeBytes(ids)).isEqualTo(bytes);
        }
    }

    @Test
    void textRoundTripsIncludingMultiByteCharacters() {
        String text = "def f(x):\n\treturn 'héllo wörld ✓ 🐍' * x\n";
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        assertThat(tokenizer.encode(text)).hasSize(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void specialTokensNeverAriseFromPlainText() {
        String text = "print('<|endoftext|>') # <|good|><|bad|><|lang_feedback|><|/lang_feedback|><|pad|>";
        int[] ids = tokenizer.encode(text);
        assertThat(Arrays.stream(ids).noneMatch(tokenizer::isSpecial)).isTrue();
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void specialTokensInTrainingTextAreSingleAtomicIds() {
        String text = "<|bad|><|lang_feedback|>NameError: x<|/lang_feedback|>def f():<|endoftext|>";
        int[] ids = tokenizer.encodeWithSpecialTokens(text);
        assertThat(ids[0]).isEqualTo(tokenizer.id(SpecialToken.BAD));
        assertThat(ids[1]).isEqualTo(tokenizer.id(SpecialToken.LANG_FEEDBACK));
        assertThat(ids[ids.length - 1]).isEqualTo(tokenizer.id(SpecialToken.END_OF_TEXT));
        assertThat(Arrays.stream(ids).filter(tokenizer::isSpecial).count()).isEqualTo(4);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void paddingDecodesToNothing() {
        int pad = tokenizer.id(SpecialToken.PAD);
        assertThat(tokenizer.decode(new int[] {pad, 'h', 'i', pad})).isEqualTo("hi");
    }

    @Test
    void aCompletionCutInsideACharacterDecodesWithAReplacementCharacter() {
        int[] snake = tokenizer.encode("a🐍");
        String partial = tokenizer.decode(Arrays.copyOf(snake, 3));
        assertThat(partial).startsWith("a").contains("\uFFFD");
    }

    @Test
    void rewardTokenGoesInFrontOfThePrompt() {
        assertThat(tokenizer.encodePrompt(RewardToken.GOOD, "x")).containsExactly(tokenizer.id(SpecialToken.GOOD), 'x');
        assertThat(tokenizer.encodePrompt(RewardToken.NONE, "x")).containsExactly('x');
    }

    @Test
    void idsOutsideTheVocabularyAreRejected() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {tokenizer.vocabSize()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary");
    }

    @Test
    void savedTokenizerFilesLoadBackToTheSameTokenizer(@TempDir Path directory) throws Exception {
        tokenizer.save(directory);
        Tokenizer loaded = Tokenizers.load(Checkpoints.directory(directory));
        assertThat(loaded.vocabSize()).isEqualTo(262);
        for (SpecialToken token : SpecialToken.values()) {
            assertThat(loaded.id(token)).isEqualTo(tokenizer.id(token));
        }
        String text = "<|good|>assert f(1) == 2 ✓";
        assertThat(loaded.encodeWithSpecialTokens(text)).isEqualTo(tokenizer.encodeWithSpecialTokens(text));
    }
}
