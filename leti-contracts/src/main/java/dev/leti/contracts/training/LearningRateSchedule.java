package dev.leti.contracts.training;

/** Learning-rate schedule after the linear warm-up. */
public enum LearningRateSchedule {
    /** LeTI's reference: constant. */
    CONSTANT,
    /** Cosine decay to zero over the job's steps. */
    COSINE
}
