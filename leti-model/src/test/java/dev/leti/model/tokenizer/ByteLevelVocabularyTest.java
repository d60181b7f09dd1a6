package dev.leti.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.model.checkpoint.Checkpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in models' tokenizer through the Hugging Face path: exactly one id per UTF-8 byte
 * and the special tokens at 256..261, as the models were pre-trained with.
 */
class ByteLevelVocabularyTest {

    private final Tokenizer tokenizer = Tokenizers.byteLevel();

    private static int[] bytesOf(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    @Test
    void everyTextEncodesToItsUtf8BytesAndBack() {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "abcXYZ019 _()[]{}:=+-*/<>|!?'\"\\\n\t\r\u00e9\u00fc\u00a0\u2713\u4e2d\ud83d\udc0d\u0000\u007f";
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(0, 120);
            while (text.length() < length) {
                int at = random.nextInt(alphabet.length());
                if (Character.isHighSurrogate(alphabet.charAt(at))) {
                    text.append(alphabet, at, at + 2);
                } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                    text.append(alphabet.charAt(at));
                }
            }
            String value = text.toString();
            assertThat(tokenizer.encode(value)).as(value).containsExactly(bytesOf(value));
            assertThat(tokenizer.decode(tokenizer.encode(value))).isEqualTo(value);
        }
    }

    @Test
    void theShippedModelsTokenizerIsThisOne() throws Exception {
        Tokenizer shipped = Tokenizers.load(Checkpoints.builtin("leti-tiny"));
        assertThat(shipped.vocabSize()).isEqualTo(262);
        assertThat(shipped.addedTokenIds()).isEmpty();
        assertThat(shipped.stopIds()).containsExactly(256);
        for (SpecialToken token : SpecialToken.values()) {
            assertThat(shipped.id(token)).isEqualTo(256 + token.ordinal());
        }
        String text = "<|bad|><|lang_feedback|>NameError: \u00e9<|/lang_feedback|>def f():\n\treturn 1<|endoftext|>";
        assertThat(shipped.encodeWithSpecialTokens(text)).containsExactly(tokenizer.encodeWithSpecialTokens(text));
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
        assertThat(tokenizer.encodePrompt(SpecialToken.GOOD.text(), "x")).containsExactly(tokenizer.id(SpecialToken.GOOD), 'x');
        assertThat(tokenizer.encodePrompt("", "x")).containsExactly('x');
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
