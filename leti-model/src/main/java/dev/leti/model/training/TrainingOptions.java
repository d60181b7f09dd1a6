package dev.leti.model.training;

import java.util.Objects;

/**
 * Optimizer and schedule of a training session.
 *
 * @param learningRate peak learning rate, reached after warm-up
 * @param weightDecay  AdamW decoupled decay, applied to matrices only (embeddings and
 *                     projections), never to norm gains
 * @param adamW        AdamW's betas and epsilon
 * @param warmupSteps  linear warm-up from lr/warmup to lr over this many optimizer steps
 * @param totalSteps   optimizer steps of the whole job (the cosine schedule decays to 0 over them)
 * @param schedule     after warm-up: constant, or cosine decay to zero at {@code totalSteps}
 * @param maxGradNorm  global gradient-norm clip; 0 disables it
 * @param gradientCheckpointing recompute each decoder layer during backward instead of keeping
 *                     its activations (less memory, about one more forward pass of time)
 * @param lora         train LoRA adapters instead of the weights; null for full fine-tuning
 */
public record TrainingOptions(
        double learningRate,
        double weightDecay,
        AdamWSettings adamW,
        int warmupSteps,
        long totalSteps,
        LearningRateSchedule schedule,
        double maxGradNorm,
        boolean gradientCheckpointing,
        LoraOptions lora) {

    public TrainingOptions {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(adamW, "adamW");
        if (!(learningRate > 0) || weightDecay < 0 || warmupSteps < 0 || totalSteps <= 0 || maxGradNorm < 0) {
            throw new IllegalArgumentException("invalid training options: " + this);
        }
    }

    /** Full fine-tuning with {@link AdamWSettings#LANGUAGE_MODEL}, without gradient checkpointing. */
    public TrainingOptions(double learningRate, double weightDecay, int warmupSteps, long totalSteps,
                           LearningRateSchedule schedule, double maxGradNorm) {
        this(learningRate, weightDecay, AdamWSettings.LANGUAGE_MODEL, warmupSteps, totalSteps, schedule, maxGradNorm,
                false, null);
    }

    /** Learning rate of optimizer step {@code step} (0-based). */
    public double learningRateAt(long step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        if (schedule == LearningRateSchedule.CONSTANT) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
