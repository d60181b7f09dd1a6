package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks: 0 where a query may attend, {@link #BLOCKED} where it may not.
 * A large finite value rather than -infinity, so a fully masked row (a padding query) gives a
 * uniform distribution instead of NaN.
 */
public final class AttentionMasks {

    /** Added to the scores of blocked keys. */
    public static final float BLOCKED = -1e9f;

    private AttentionMasks() {
    }

    /**
     * Causal mask of shape (1, 1, T, past + T) for T new queries after {@code past} cached
     * positions: query i sees keys 0 .. past + i.
     */
    public static NDArray causal(NDManager manager, int queries, int past) {
        int keys = past + queries;
        float[] mask = new float[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = past + i + 1; j < keys; j++) {
                mask[i * keys + j] = BLOCKED;
            }
        }
        return manager.create(mask, new Shape(1, 1, queries, keys));
    }

    /** Mask of shape (B, 1, 1, capacity) blocking each row's first {@code padding[b]} positions. */
    public static NDArray leftPadding(NDManager manager, int[] padding, int capacity) {
        float[] mask = new float[padding.length * capacity];
        for (int row = 0; row < padding.length; row++) {
            for (int j = 0; j < padding[row]; j++) {
                mask[row * capacity + j] = BLOCKED;
            }
        }
        return manager.create(mask, new Shape(padding.length, 1, 1, capacity));
    }
}
