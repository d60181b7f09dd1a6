package dev.leti.model.sampling;

import dev.leti.model.sampling.SamplingOptions;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Picks the next token from one row of logits, in Java: greedy when the temperature is 0,
 * otherwise temperature, then top-k, then top-p (nucleus) as in Hugging Face's samplers.
 * Ties are broken towards the lower id, so greedy decoding is deterministic.
 */
public final class TokenSampler {

    private TokenSampler() {
    }

    /**
     * @param logits   a (rows x stride) buffer
     * @param offset   where this row starts
     * @param allowed  ids {@code 0 .. allowed-1} may be drawn (the tokenizer's vocabulary)
     * @param banned   an id never drawn (padding), or -1
     */
    public static int sample(float[] logits, int offset, int allowed, int banned, SamplingOptions settings,
            SplittableRandom random) {
        if (settings.temperature() == 0 || settings.topK() == 1) {
            return argmax(logits, offset, allowed, banned);
        }
        int[] candidates = IntStream.range(0, allowed).filter(id -> id != banned).toArray();
        boolean truncates = settings.topK() > 0 || settings.topP() < 1;
        if (truncates) {
            candidates = sortedByLogit(candidates, logits, offset);
            if (settings.topK() > 0 && settings.topK() < candidates.length) {
                candidates = java.util.Arrays.copyOf(candidates, settings.topK());
            }
        }
        double[] weights = softmax(candidates, logits, offset, settings.temperature());
        int kept = settings.topP() < 1 ? nucleus(weights, settings.topP()) : weights.length;
        double total = 0;
        for (int i = 0; i < kept; i++) {
            total += weights[i];
        }
        double target = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            target -= weights[i];
            if (target < 0) {
                return candidates[i];
            }
        }
        return candidates[kept - 1];
    }

    private static int argmax(float[] logits, int offset, int allowed, int banned) {
        int best = -1;
        for (int id = 0; id < allowed; id++) {
            if (id != banned && (best < 0 || logits[offset + id] > logits[offset + best])) {
                best = id;
            }
        }
        return best;
    }

    private static int[] sortedByLogit(int[] ids, float[] logits, int offset) {
        return IntStream.of(ids).boxed()
                .sorted((a, b) -> {
                    int byLogit = Float.compare(logits[offset + b], logits[offset + a]);
                    return byLogit != 0 ? byLogit : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
    }

    /** Unnormalised probabilities exp((logit - max) / temperature). */
    private static double[] softmax(int[] ids, float[] logits, int offset, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int id : ids) {
            max = Math.max(max, logits[offset + id]);
        }
        double[] weights = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            weights[i] = Math.exp((logits[offset + ids[i]] - max) / temperature);
        }
        return weights;
    }

    /** How many of the (descending) weights make up the smallest prefix holding {@code topP} of the mass; at least 1. */
    private static int nucleus(double[] weights, double topP) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (cumulative >= topP * total) {
                return i + 1;
            }
        }
        return weights.length;
    }
}
