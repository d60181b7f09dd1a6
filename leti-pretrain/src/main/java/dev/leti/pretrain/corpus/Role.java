package dev.leti.pretrain.corpus;

/** What a composition is used for. Each composition has exactly one role. */
public enum Role {
    /** Documents of the pre-training corpus. */
    CORPUS,
    /** A built-in problem of the train split (LeTI samples and learns on it). */
    TRAIN,
    /** A built-in problem of the held-out test split (evaluation only). */
    TEST
}
