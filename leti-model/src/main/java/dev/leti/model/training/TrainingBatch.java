package dev.leti.model.training;

import java.util.List;

/**
 * A rectangular batch of token sequences for next-token training, right-padded. {@code weights}
 * says which tokens are prediction targets: 1 to learn to predict this token from the ones
 * before it, 0 to skip it (padding, or parts of the text not to be learned). The first token of
 * a row is never a target.
 *
 * @param tokens  row-major (rows x length) ids
 * @param weights row-major (rows x length) 0/1 target weights
 */
public record TrainingBatch(int rows, int length, int[] tokens, float[] weights) {

    public TrainingBatch {
        if (rows <= 0 || length < 2 || tokens.length != rows * length || weights.length != rows * length) {
            throw new IllegalArgumentException("a batch needs rows > 0, length >= 2 and rows*length tokens and weights");
        }
    }

    /** Packs sequences, every token after the first a target, cut to {@code maxLength} tokens. */
    public static TrainingBatch of(List<int[]> sequences, int padId, int maxLength) {
        return of(sequences, sequences.stream().map(sequence -> (boolean[]) null).toList(), padId, maxLength);
    }

    /**
     * Packs sequences with per-token target masks ({@code null} for "every token"), right-padded
     * with {@code padId} to the longest, cut to {@code maxLength} tokens.
     */
    public static TrainingBatch of(List<int[]> sequences, List<boolean[]> targets, int padId, int maxLength) {
        if (sequences.isEmpty() || sequences.size() != targets.size()) {
            throw new IllegalArgumentException("need one target mask (or null) per sequence, and at least one sequence");
        }
        int length = Math.max(2, Math.min(maxLength, sequences.stream().mapToInt(s -> s.length).max().orElse(0)));
        int rows = sequences.size();
        int[] tokens = new int[rows * length];
        float[] weights = new float[rows * length];
        java.util.Arrays.fill(tokens, padId);
        for (int row = 0; row < rows; row++) {
            int[] sequence = sequences.get(row);
            boolean[] mask = targets.get(row);
            for (int t = 0; t < Math.min(length, sequence.length); t++) {
                tokens[row * length + t] = sequence[t];
                weights[row * length + t] = t > 0 && (mask == null || mask[t]) ? 1f : 0f;
            }
        }
        return new TrainingBatch(rows, length, tokens, weights);
    }

    /** Tokens that are targets. */
    public long targetCount() {
        double sum = 0;
        for (int row = 0; row < rows; row++) {
            for (int t = 1; t < length; t++) {
                sum += weights[row * length + t];
            }
        }
        return Math.round(sum);
    }
}
