package dev.leti.contracts;

/** What a failed sample contributes to its training text (LeTI's main ablation). */
public enum FeedbackMode {
    /** Reward token plus the interpreter's feedback in a {@code <|lang_feedback|>} block. */
    TEXTUAL,
    /** Reward token only: the feedback block is always left out. */
    BINARY,
    /** No feedback: only passing samples are trained on (rejection-sampling fine-tuning). */
    NONE
}
