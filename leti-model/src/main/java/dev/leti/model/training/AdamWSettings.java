package dev.leti.model.training;

/**
 * AdamW's moment decays and epsilon (the learning rate and weight decay are {@link TrainingOptions}').
 *
 * @param beta1   first-moment decay
 * @param beta2   second-moment decay
 * @param epsilon added to the second moment's root
 */
public record AdamWSettings(double beta1, double beta2, double epsilon) {

    /**
     * The library's one setting, for pre-training and fine-tuning alike: beta2 0.95 as language
     * models are commonly trained (PyTorch's default 0.999 adapts slower to the loss spikes of
     * small batches of text).
     */
    public static final AdamWSettings LANGUAGE_MODEL = new AdamWSettings(0.9, 0.95, 1e-8);

    public AdamWSettings {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("invalid AdamW setting: " + this);
        }
    }
}
