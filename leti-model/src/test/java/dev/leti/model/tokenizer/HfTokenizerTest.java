package dev.leti.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.model.HfFixtures;
import dev.leti.model.checkpoint.Checkpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real BPE tokenizers with merges, as Qwen2/Llama 3 (byte-level) and Llama 2 (SentencePiece) ship them. */
class HfTokenizerTest {

    private static final List<String> CODE = List.of(
            "def add(a, b):\n    return a + b\n",
            "def is_even(n):\n    return n % 2 == 0\n",
            "def first(items):\n    for item in items:\n        return item\n    return None\n",
            "assert add(1, 2) == 3\nassert is_even(4)\n",
            "def count(text, ch):\n    return sum(1 for c in text if c == ch)\n");

    /** A Qwen2-like directory: byte-level BPE with merges, {@code <|endoftext|>} as eos and pad, two stop ids. */
    static Path qwenLike(Path directory) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_FILE), BpeTrainer.train(CODE, 400, List.of("<|endoftext|>")));
        Files.writeString(directory.resolve(Tokenizers.TOKENIZER_CONFIG_FILE),
                "{\"tokenizer_class\": \"Qwen2Tokenizer\", \"eos_token\": \"<|endoftext|>\", \"pad_token\": \"<|endoftext|>\"}");
        return directory;
    }

    @Test
    void aByteLevelBpeGainsTheLetiTokensAndKeepsThemWhenSaved(@TempDir Path root) throws Exception {
        Path directory = qwenLike(root.resolve("qwen"));
        int eos = Tokenizers.load(Checkpoints.directory(directory)).id(SpecialToken.END_OF_TEXT);
        Files.writeString(directory.resolve(Tokenizers.GENERATION_CONFIG_FILE), "{\"eos_token_id\": [" + eos + ", 7]}");
        Tokenizer tokenizer = Tokenizers.load(Checkpoints.directory(directory));

        int stored = eos + 1;
        assertThat(tokenizer.addedTokenIds()).containsExactly(stored, stored + 1, stored + 2, stored + 3, stored + 4);
        assertThat(tokenizer.vocabSize()).isEqualTo(stored + 5);
        assertThat(tokenizer.id(SpecialToken.END_OF_TEXT)).isEqualTo(eos);
        assertThat(tokenizer.id(SpecialToken.PAD)).isNotEqualTo(eos);
        assertThat(tokenizer.stopIds()).containsExactly(eos, 7);

        String code = "def add_all(items):\n    return sum(items) == 3\n";
        int[] ids = tokenizer.encode(code);
        assertThat(ids.length).isLessThan(code.getBytes(StandardCharsets.UTF_8).length * 2 / 3);
        assertThat(tokenizer.decode(ids)).isEqualTo(code);

        String training = "<|good|><|lang_feedback|>ok<|/lang_feedback|>" + code + "<|endoftext|>";
        int[] text = tokenizer.encodeWithSpecialTokens(training);
        assertThat(text[0]).isEqualTo(tokenizer.id(SpecialToken.GOOD));
        assertThat(text[text.length - 1]).isEqualTo(eos);
        assertThat(tokenizer.decode(text)).isEqualTo(training);

        tokenizer.save(Files.createDirectories(root.resolve("saved")));
        Tokenizer reloaded = Tokenizers.load(Checkpoints.directory(root.resolve("saved")));
        assertThat(reloaded.addedTokenIds()).isEmpty();
        assertThat(reloaded.vocabSize()).isEqualTo(tokenizer.vocabSize());
        assertThat(reloaded.stopIds()).containsExactly(eos, 7);
        for (SpecialToken token : SpecialToken.values()) {
            assertThat(reloaded.id(token)).as(token.text()).isEqualTo(tokenizer.id(token));
        }
        assertThat(reloaded.encodeWithSpecialTokens(training)).containsExactly(text);
    }

    @Test
    void plainTextNeverYieldsASpecialTokenWhateverItQuotes(@TempDir Path root) throws Exception {
        Tokenizer tokenizer = Tokenizers.load(Checkpoints.directory(qwenLike(root)));
        String text = "print('<|endoftext|>') # <|good|><|bad|> <|lang_feedback|><|/lang_feedback|><|pad|>";
        int[] ids = tokenizer.encode(text);
        assertThat(Arrays.stream(ids).noneMatch(tokenizer::isSpecial)).isTrue();
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void aSentencePieceBpeWithByteFallbackUsesItsOwnEndOfSequence(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve(Tokenizers.TOKENIZER_FILE), sentencePieceJson());
        Files.writeString(root.resolve(Tokenizers.TOKENIZER_CONFIG_FILE),
                "{\"bos_token\": {\"content\": \"<s>\"}, \"eos_token\": {\"content\": \"</s>\"}, \"add_bos_token\": true}");
        Tokenizer tokenizer = Tokenizers.load(Checkpoints.directory(root));

        assertThat(tokenizer.id(SpecialToken.END_OF_TEXT)).isEqualTo(2);
        assertThat(tokenizer.addedTokenIds()).hasSize(5);
        int[] ids = tokenizer.encode("def de");
        assertThat(ids).containsExactly(265, 264);
        assertThat(tokenizer.decode(ids)).isEqualTo("def de");
        int[] accented = tokenizer.encode("dé");
        assertThat(accented).contains(3 + 0xC3, 3 + 0xA9);
        assertThat(tokenizer.decode(accented)).isEqualTo("dé");
        assertThat(tokenizer.decode(tokenizer.encodeWithSpecialTokens("<|bad|>def<|endoftext|>")))
                .isEqualTo("<|bad|> def</s>");
        // add_bos_token with no post-processor: <s> begins every sequence the model reads, never plain text.
        assertThat(tokenizer.sequenceStart()).containsExactly(1);
        assertThat(tokenizer.encodePrompt("<|good|>", "def")).containsExactly(1, tokenizer.id(SpecialToken.GOOD), 265);
        assertThat(tokenizer.encodePrompt("", "def")).containsExactly(1, 265);
    }

    @Test
    void theBeginningOfSequenceIsWhatThePostProcessorPutsInFrontUnlessTheConfigTurnsItOff(@TempDir Path root)
            throws Exception {
        Path llama = Files.createDirectories(root.resolve("llama3"));
        Files.writeString(llama.resolve(Tokenizers.TOKENIZER_FILE), HfFixtures.withBosTemplate(
                BpeTrainer.train(CODE, 400, List.of("<|begin_of_text|>", "<|end_of_text|>")), "<|begin_of_text|>"));
        Files.writeString(llama.resolve(Tokenizers.TOKENIZER_CONFIG_FILE),
                "{\"bos_token\": \"<|begin_of_text|>\", \"eos_token\": \"<|end_of_text|>\"}");
        Tokenizer tokenizer = Tokenizers.load(Checkpoints.directory(llama));
        int bos = HfFixtures.addedTokenId(Files.readString(llama.resolve(Tokenizers.TOKENIZER_FILE)), "<|begin_of_text|>");

        assertThat(tokenizer.sequenceStart()).containsExactly(bos);
        assertThat(tokenizer.encode("def add")).doesNotContain(bos);
        assertThat(tokenizer.encodePrompt("<|bad|>", "def add")).startsWith(bos, tokenizer.id(SpecialToken.BAD))
                .endsWith(tokenizer.encode("def add"));

        Files.writeString(llama.resolve(Tokenizers.TOKENIZER_CONFIG_FILE),
                "{\"bos_token\": \"<|begin_of_text|>\", \"eos_token\": \"<|end_of_text|>\", \"add_bos_token\": false}");
        assertThat(Tokenizers.load(Checkpoints.directory(llama)).sequenceStart()).isEmpty();
        assertThat(Tokenizers.load(Checkpoints.directory(qwenLike(root.resolve("qwen")))).sequenceStart()).isEmpty();
    }

    @Test
    void aMalformedTokenizerFileIsNamed(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve(Tokenizers.TOKENIZER_FILE), "{\"model\": ");
        assertThatThrownBy(() -> Tokenizers.load(Checkpoints.directory(root)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizer.json is not valid JSON");
        Files.writeString(root.resolve(Tokenizers.TOKENIZER_FILE), "{\"model\": {\"type\": \"BPE\"}}");
        assertThatThrownBy(() -> Tokenizers.load(Checkpoints.directory(root)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.vocab");
        Files.writeString(root.resolve(Tokenizers.TOKENIZER_FILE), "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {}}}");
        assertThatThrownBy(() -> Tokenizers.load(Checkpoints.directory(root)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizers library cannot read");
    }

    /** Llama-2 layout: {@code <unk> <s> </s>}, 256 byte-fallback pieces, then word pieces with merges. */
    private static String sentencePieceJson() {
        StringBuilder vocab = new StringBuilder("\"<unk>\": 0, \"<s>\": 1, \"</s>\": 2");
        for (int b = 0; b < 256; b++) {
            vocab.append(String.format(", \"<0x%02X>\": %d", b, 3 + b));
        }
        String[] pieces = {"▁", "d", "e", "f", "▁d", "▁de", "▁def"};
        for (int i = 0; i < pieces.length; i++) {
            vocab.append(", \"").append(pieces[i]).append("\": ").append(259 + i);
        }
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": {"type": "Sequence", "normalizers": [
                   {"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
                 "pre_tokenizer": null, "post_processor": null,
                 "decoder": {"type": "Sequence", "decoders": [
                   {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"},
                   {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
                 "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null,
                   "end_of_word_suffix": null, "fuse_unk": true, "byte_fallback": true, "ignore_merges": false,
                   "vocab": {%s},
                   "merges": ["▁ d", "▁d e", "▁de f"]}}
                """.formatted(vocab);
    }
}
