package dev.leti.model.sampling;

/** Why generation of one sequence ended. */
public enum StopReason {
    /** A stop sequence was generated. */
    STOP,
    /** The model generated one of its stop ids (end of text). */
    END_OF_TEXT,
    /** The token limit was reached, or the model's context is full. */
    LENGTH
}
