package dev.leti.model.training;

/** The learning rate after warm-up. */
public enum LearningRateSchedule {
    /** The peak learning rate until the end. */
    CONSTANT,
    /** Cosine decay from the peak to zero at the job's last step. */
    COSINE
}
