package dev.leti.orchestrator.lifecycle;

/**
 * The stages of one iteration, in order. Iteration 0 (the base checkpoint) only evaluates.
 * Execution is not a stage of its own: it overlaps generation, and a sampling stage ends
 * when every sample has its execution result.
 */
public enum Stage {
    /** Sampling training programs on the train split (and executing them as they arrive). */
    GENERATING,
    /** Writing the training dataset artifact from the recorded samples and their feedback. */
    BUILDING_DATASET,
    /** The trainer fine-tunes the checkpoint on the dataset. */
    TRAINING,
    /** Sampling and executing programs on the held-out split(s) with the new checkpoint. */
    EVALUATING,
    /** The iteration is finished. */
    DONE
}
