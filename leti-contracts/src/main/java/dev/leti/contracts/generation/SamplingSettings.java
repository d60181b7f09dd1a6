package dev.leti.contracts.generation;

import java.util.List;

/**
 * How to sample. {@code temperature == 0} means greedy decoding. Validated where it is given (the
 * run spec) and where it is used (the model library's {@code SamplingOptions}), not on the wire.
 *
 * @param temperature    softmax temperature; 0 for greedy
 * @param topP           nucleus mass in (0, 1]; 1 disables it
 * @param topK           keep the k most likely tokens; 0 disables it
 * @param maxNewTokens   at most this many generated tokens per sample
 * @param stopSequences  generation of a sample ends at the first of these (not included)
 * @param seed           seed of the sampler, for reproducible runs
 */
public record SamplingSettings(
        double temperature,
        double topP,
        int topK,
        int maxNewTokens,
        List<String> stopSequences,
        long seed) {

    public SamplingSettings {
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    }
}
