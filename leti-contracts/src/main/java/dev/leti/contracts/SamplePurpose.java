package dev.leti.contracts;

/** Why a program was sampled: to learn from it, or to measure pass@k on held-out problems. */
public enum SamplePurpose {
    TRAIN,
    EVAL
}
