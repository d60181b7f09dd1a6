package dev.leti.contracts.training;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * How to fine-tune: the one record of these settings, from the run spec's {@code training} in the
 * REST body to the trainer's request, carried unchanged. Every field is optional in a request;
 * {@link #withDefaults()} fills the gaps (the one place defaults live), the annotations are its
 * rules (checked once, at the API), and the trainer maps it to the model library's options in one
 * class.
 *
 * @param epochs               passes over the dataset (default 2)
 * @param batchSize            sequences per optimizer step, micro-batch x accumulation (default 16)
 * @param gradientAccumulation micro-batches per optimizer step (default 1)
 * @param learningRate         peak learning rate (default 3e-4)
 * @param weightDecay          AdamW decoupled weight decay, matrices only (default 0.01)
 * @param schedule             learning-rate schedule after warm-up (default CONSTANT)
 * @param warmupSteps          linear warm-up steps (default 0)
 * @param maxGradNorm          global-norm gradient clipping; 0 disables it (default 1.0)
 * @param maxSequenceLength    tokens per training sequence; longer texts are truncated
 *                             (feedback first, the program is kept whole) (default 512)
 * @param pretrainMix          whether to take regularisation steps on plain code (default true)
 * @param pretrainStepsPerStep regularisation steps per LeTI step (LeTI: 1)
 * @param pretrainCorpusUri    plain code for the regularisation steps (an artifact of JSON Lines with
 *                             a {@code text} per document); absent: the built-in model's corpus slice
 * @param seed                 base seed of shuffling; iteration {@code i} trains with {@code seed + i} (default 1)
 * @param microBatchTokens     when positive, micro-batches are packed by length so that rows
 *                             times the longest row stay within this many tokens (one row at
 *                             least), instead of {@code batchSize / gradientAccumulation} rows
 *                             each; 0 for the fixed split. The gradient is the same either way
 *                             (the loss is averaged over the whole step's tokens) (default 0)
 * @param gradientCheckpointing recompute each decoder layer during backward instead of keeping
 *                             its activations, for large models (default false)
 * @param lora                 train LoRA adapters (merged into the published checkpoint) instead
 *                             of the model's weights; absent for full fine-tuning
 * @param adamW                AdamW's moment decays; absent, or a beta absent: the model library's
 *                             (beta1 0.9, beta2 0.95: {@code AdamWSettings.LANGUAGE_MODEL}, its one home)
 */
public record TrainingSettings(
        @Min(1) @Max(100) Integer epochs,
        @Min(1) @Max(4096) Integer batchSize,
        @Min(1) @Max(4096) Integer gradientAccumulation,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double learningRate,
        @DecimalMin("0.0") @DecimalMax("1.0") Double weightDecay,
        LearningRateSchedule schedule,
        @Min(0) Integer warmupSteps,
        @DecimalMin("0.0") Double maxGradNorm,
        @Min(16) @Max(8192) Integer maxSequenceLength,
        Boolean pretrainMix,
        @Min(0) @Max(16) Integer pretrainStepsPerStep,
        @Size(max = 4000) String pretrainCorpusUri,
        Long seed,
        @Min(0) @Max(1_048_576) Integer microBatchTokens,
        Boolean gradientCheckpointing,
        @Valid Lora lora,
        @Valid AdamW adamW) {

    /** No setting given: {@link #withDefaults()} makes it the embedded demo's. */
    public static final TrainingSettings EMPTY = new TrainingSettings(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null);

    /**
     * Low-rank adaptation.
     *
     * @param rank          adapter rank (default 8)
     * @param alpha         the adapter's output is scaled by alpha / rank (default 16)
     * @param targetModules projection kinds to adapt, among {@link #TARGETS} (default q_proj and v_proj)
     */
    public record Lora(@Min(1) @Max(1024) Integer rank, @DecimalMin(value = "0.0", inclusive = false) Double alpha,
                       @Size(min = 1, max = 7) List<String> targetModules) {

        /** Projection kinds an adapter may target. */
        public static final List<String> TARGETS =
                List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

        public Lora {
            targetModules = targetModules == null ? null : List.copyOf(targetModules);
        }

        Lora withDefaults() {
            return new Lora(or(rank, 8), or(alpha, 16.0), or(targetModules, List.of("q_proj", "v_proj")));
        }
    }

    /**
     * AdamW's moment decays (the learning rate and weight decay are above).
     *
     * @param beta1 first-moment decay, in [0, 1)
     * @param beta2 second-moment decay, in [0, 1)
     */
    public record AdamW(@DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double beta1,
                        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double beta2) {
    }

    /** These settings with every missing one filled in (AdamW's betas: the trainer's model library's). */
    public TrainingSettings withDefaults() {
        return new TrainingSettings(or(epochs, 2), or(batchSize, 16), or(gradientAccumulation, 1),
                or(learningRate, 3e-4), or(weightDecay, 0.01), or(schedule, LearningRateSchedule.CONSTANT),
                or(warmupSteps, 0), or(maxGradNorm, 1.0), or(maxSequenceLength, 512), or(pretrainMix, true),
                or(pretrainStepsPerStep, 1), pretrainCorpusUri, or(seed, 1L), or(microBatchTokens, 0),
                or(gradientCheckpointing, false), lora == null ? null : lora.withDefaults(), adamW);
    }

    /** Whether micro-batches are packed by token budget rather than split by rows. */
    public boolean packsByTokens() {
        return microBatchTokens != null && microBatchTokens > 0;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
