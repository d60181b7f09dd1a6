package dev.leti.contracts.generation;

/** Why generation of one sample ended. */
public enum FinishReason {
    /** A stop sequence was generated. */
    STOP,
    /** The model generated its end-of-text token. */
    END_OF_TEXT,
    /** The token limit was reached. */
    LENGTH
}
