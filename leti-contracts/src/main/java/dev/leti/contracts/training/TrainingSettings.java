package dev.leti.contracts.training;

/**
 * How to fine-tune.
 *
 * @param epochs               passes over the dataset
 * @param batchSize            sequences per optimizer step (micro-batch x accumulation)
 * @param gradientAccumulation micro-batches per optimizer step
 * @param learningRate         peak learning rate
 * @param weightDecay          AdamW decoupled weight decay (matrices only)
 * @param schedule             learning-rate schedule after warm-up
 * @param warmupSteps          linear warm-up steps
 * @param maxGradNorm          global-norm gradient clipping; 0 disables it
 * @param maxSequenceLength    tokens per training sequence; longer texts are truncated
 *                             (feedback first, the program is kept whole)
 * @param pretrainMix          whether to take regularisation steps on plain code
 * @param pretrainStepsPerStep regularisation steps per LeTI step (LeTI: 1)
 * @param seed                 seed for shuffling and dropout-free determinism
 * @param microBatchTokens     when positive, micro-batches are packed by length so that rows
 *                             times the longest row stay within this many tokens (one row at
 *                             least), instead of {@code batchSize / gradientAccumulation} rows
 *                             each; null or 0 for the fixed split. The gradient is the same
 *                             either way (the loss is averaged over the whole step's tokens)
 * @param gradientCheckpointing recompute each decoder layer during backward instead of keeping
 *                             its activations (for large models; null: false)
 * @param lora                 train LoRA adapters (merged into the published checkpoint) instead
 *                             of the model's weights; null for full fine-tuning
 */
public record TrainingSettings(
        int epochs,
        int batchSize,
        int gradientAccumulation,
        double learningRate,
        double weightDecay,
        LearningRateSchedule schedule,
        int warmupSteps,
        double maxGradNorm,
        int maxSequenceLength,
        boolean pretrainMix,
        int pretrainStepsPerStep,
        long seed,
        Integer microBatchTokens,
        Boolean gradientCheckpointing,
        Lora lora) {

    /**
     * Low-rank adaptation.
     *
     * @param rank          adapter rank
     * @param alpha         the adapter's output is scaled by alpha / rank
     * @param targetModules projection kinds to adapt (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)
     */
    public record Lora(int rank, double alpha, java.util.List<String> targetModules) {

        public Lora {
            targetModules = java.util.List.copyOf(targetModules);
        }
    }

    public TrainingSettings {
        if (epochs <= 0 || batchSize <= 0 || gradientAccumulation <= 0 || maxSequenceLength <= 0) {
            throw new IllegalArgumentException("epochs, batchSize, gradientAccumulation and "
                    + "maxSequenceLength must be positive");
        }
        if (batchSize % gradientAccumulation != 0) {
            throw new IllegalArgumentException("batchSize " + batchSize
                    + " is not a multiple of gradientAccumulation " + gradientAccumulation);
        }
        if (!(learningRate > 0) || weightDecay < 0 || warmupSteps < 0 || maxGradNorm < 0
                || pretrainStepsPerStep < 0) {
            throw new IllegalArgumentException("learningRate must be positive; weightDecay, "
                    + "warmupSteps, maxGradNorm and pretrainStepsPerStep non-negative");
        }
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
        microBatchTokens = microBatchTokens == null ? 0 : microBatchTokens;
        gradientCheckpointing = gradientCheckpointing != null && gradientCheckpointing;
        if (microBatchTokens < 0) {
            throw new IllegalArgumentException("microBatchTokens must not be negative");
        }
    }

    /** Whether micro-batches are packed by token budget rather than split by rows. */
    public boolean packsByTokens() {
        return microBatchTokens > 0;
    }
}
