package dev.leti.model.sampling;

import java.util.List;

/**
 * How to sample one sequence. {@code temperature == 0} means greedy decoding.
 *
 * @param temperature   softmax temperature; 0 for greedy
 * @param topP          nucleus mass in (0, 1]; 1 disables it
 * @param topK          keep the k most likely tokens; 0 disables it
 * @param maxNewTokens  at most this many generated tokens
 * @param stopSequences generation ends at the first of these (not included)
 */
public record SamplingOptions(double temperature, double topP, int topK, int maxNewTokens, List<String> stopSequences) {

    public SamplingOptions {
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0: " + topK);
        }
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be positive: " + maxNewTokens);
        }
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    }
}
