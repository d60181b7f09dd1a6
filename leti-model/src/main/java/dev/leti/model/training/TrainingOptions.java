package dev.leti.model.training;

import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.contracts.training.TrainingSettings;
import java.util.Objects;

/**
 * Optimizer and schedule of a training session.
 *
 * @param learningRate peak learning rate, reached after warm-up
 * @param weightDecay  AdamW decoupled decay, applied to matrices only (embeddings and
 *                     projections), never to norm gains
 * @param beta1        AdamW first-moment decay (0.9)
 * @param beta2        AdamW second-moment decay (0.999 as in PyTorch; 0.95 is common for LMs)
 * @param epsilon      AdamW epsilon (1e-8)
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
        double beta1,
        double beta2,
        double epsilon,
        int warmupSteps,
        long totalSteps,
        LearningRateSchedule schedule,
        double maxGradNorm,
        boolean gradientCheckpointing,
        LoraOptions lora) {

    public TrainingOptions {
        Objects.requireNonNull(schedule, "schedule");
        if (!(learningRate > 0) || weightDecay < 0 || warmupSteps < 0 || totalSteps <= 0 || maxGradNorm < 0
                || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("invalid training options: " + this);
        }
    }

    /** Options without gradient checkpointing. */
    public TrainingOptions(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                           int warmupSteps, long totalSteps, LearningRateSchedule schedule, double maxGradNorm) {
        this(learningRate, weightDecay, beta1, beta2, epsilon, warmupSteps, totalSteps, schedule, maxGradNorm, false,
                null);
    }

    /** The options of a LeTI training request for a job of {@code totalSteps} optimizer steps. */
    public static TrainingOptions from(TrainingSettings settings, long totalSteps) {
        return new TrainingOptions(settings.learningRate(), settings.weightDecay(), 0.9, 0.999, 1e-8,
                settings.warmupSteps(), totalSteps, settings.schedule(), settings.maxGradNorm(),
                settings.gradientCheckpointing(), settings.lora() == null ? null
                        : new LoraOptions(settings.lora().rank(), settings.lora().alpha(),
                                java.util.Set.copyOf(settings.lora().targetModules())));
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
