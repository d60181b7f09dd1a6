package dev.leti.pretrain;

import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.TrainingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Documents encoded back to back, each followed by the end-of-text token. A training row starts
 * at a document's first token, as a prompt does at inference, and runs on across the following
 * documents until the row is full.
 */
final class TokenStream {

    private final int[] tokens;
    private final int[] documentStarts;
    private final int padId;

    private TokenStream(int[] tokens, int[] documentStarts, int padId) {
        this.tokens = tokens;
        this.documentStarts = documentStarts;
        this.padId = padId;
    }

    static TokenStream of(List<String> documents, Tokenizer tokenizer) {
        return of(documents, List.of(), tokenizer);
    }

    /**
     * Plain documents (special-token texts in them stay text) followed by documents whose
     * special-token texts stand for the tokens (the reward-format documents).
     */
    static TokenStream of(List<String> documents, List<String> withSpecialTokens, Tokenizer tokenizer) {
        int endOfText = tokenizer.id(SpecialToken.END_OF_TEXT);
        List<int[]> encoded = new ArrayList<>(documents.size() + withSpecialTokens.size());
        long total = 0;
        for (String document : documents) {
            int[] ids = tokenizer.encode(document);
            encoded.add(ids);
            total += ids.length + 1;
        }
        for (String document : withSpecialTokens) {
            int[] ids = tokenizer.encodeWithSpecialTokens(document);
            encoded.add(ids);
            total += ids.length + 1;
        }
        int[] tokens = new int[Math.toIntExact(total)];
        int[] starts = new int[encoded.size()];
        int at = 0;
        for (int d = 0; d < encoded.size(); d++) {
            starts[d] = at;
            System.arraycopy(encoded.get(d), 0, tokens, at, encoded.get(d).length);
            at += encoded.get(d).length;
            tokens[at++] = endOfText;
        }
        return new TokenStream(tokens, starts, tokenizer.id(SpecialToken.PAD));
    }

    int tokenCount() {
        return tokens.length;
    }

    int documentCount() {
        return documentStarts.length;
    }

    /** {@code rows} rows of {@code length} tokens, each from a random document start. */
    TrainingBatch batch(Random random, int rows, int length) {
        List<int[]> sequences = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            int start = documentStarts[random.nextInt(documentStarts.length)];
            int[] sequence = Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + length));
            sequences.add(sequence);
        }
        return TrainingBatch.of(sequences, padId, length);
    }
}
