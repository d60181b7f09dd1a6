package dev.leti.contracts.generation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How to sample programs: the one record of these settings, from the run spec's {@code sampling}
 * (training programs) and {@code evaluation.sampling} (held-out programs) in the REST body to the
 * generator's request, carried unchanged. Every field is optional in a request; {@link
 * #withDefaults(SamplingSettings)} merges it over {@link #TRAINING} or {@link #EVALUATION} (the one
 * place defaults live), the annotations are its rules (checked once, at the API), and the generator
 * maps it to the model library's options in one class. A request's stop sequences come from the
 * problems' format, not from here.
 *
 * @param temperature  softmax temperature; 0 for greedy decoding
 * @param topP         nucleus mass in (0, 1]; 1 disables it
 * @param topK         keep the k most likely tokens; 0 disables it
 * @param maxNewTokens at most this many generated tokens per program
 * @param seed         base seed: the generator derives each program's own from it, the iteration,
 *                     the purpose, the problem and the program's index, so runs of one spec sample
 *                     the same programs from one checkpoint
 */
public record SamplingSettings(
        @DecimalMin("0.0") @DecimalMax("5.0") Double temperature,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double topP,
        @Min(0) Integer topK,
        @Min(1) @Max(4096) Integer maxNewTokens,
        Long seed) {

    /**
     * New tokens per program, for training and evaluation alike: room for the longest reference
     * solution of the built-in set (a program that cannot fit can never pass).
     */
    public static final int DEFAULT_MAX_NEW_TOKENS = 256;

    /** No setting given. */
    public static final SamplingSettings EMPTY = new SamplingSettings(null, null, null, null, null);

    /** Training programs: LeTI samples at temperature 1.0, top-p 1.0. */
    public static final SamplingSettings TRAINING = new SamplingSettings(1.0, 1.0, 0, DEFAULT_MAX_NEW_TOKENS, 1L);

    /**
     * Held-out programs for pass@k: temperature 0.2 (the paper's pass@1 setting); no seed of its own
     * (a run's spec takes its training sampling's).
     */
    public static final SamplingSettings EVALUATION = new SamplingSettings(0.2, 1.0, 0, DEFAULT_MAX_NEW_TOKENS, null);

    /** These settings with each missing one taken from {@code defaults}. */
    public SamplingSettings withDefaults(SamplingSettings defaults) {
        return new SamplingSettings(or(temperature, defaults.temperature), or(topP, defaults.topP),
                or(topK, defaults.topK), or(maxNewTokens, defaults.maxNewTokens), or(seed, defaults.seed));
    }

    /** Whether every setting is given, as a generation request needs. */
    public boolean complete() {
        return temperature != null && topP != null && topK != null && maxNewTokens != null && seed != null;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
