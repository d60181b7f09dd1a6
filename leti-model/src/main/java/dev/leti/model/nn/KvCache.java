package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.config.ModelConfig;

/**
 * Keys and values of every layer for a batch of sequences, preallocated at full capacity and
 * written in place (growing a cache by concatenation fragments native memory). All rows share
 * one length: prompts of different lengths are left-padded and masked.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    /** Per layer, the keys transposed to (B, kvHeads, headDim, capacity): a view made once, sliced per step. */
    private final NDArray[] transposedKeys;
    private final int capacity;
    private final long kvHeads;
    private final long headDim;
    private int length;

    /**
     * @param manager  owns the cache's arrays (closing the cache closes them)
     * @param capacity positions per row, padding included
     */
    public KvCache(NDManager manager, ModelConfig config, int batchSize, int capacity, DataType type) {
        this.manager = manager;
        this.capacity = capacity;
        this.keys = new NDArray[config.numLayers()];
        this.values = new NDArray[config.numLayers()];
        this.transposedKeys = new NDArray[config.numLayers()];
        this.kvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        Shape shape = new Shape(batchSize, config.numKvHeads(), capacity, config.headDim());
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = manager.zeros(shape, type);
            values[layer] = manager.zeros(shape, type);
        }
    }

    /** Positions already written. */
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    public int batchSize() {
        return (int) keys[0].getShape().get(0);
    }

    /**
     * Writes a layer's new keys and values (B, kvHeads, T, headDim) after the current length and
     * returns views of everything written so far, owned by the new keys' manager.
     */
    NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        long end = length + newKeys.getShape().get(2);
        if (end > capacity) {
            throw new IllegalStateException("KV cache full: " + end + " positions > capacity " + capacity);
        }
        NDIndex slot = new NDIndex().addAllDim(2).addSliceDim(length, end);
        keys[layer].set(slot, newKeys);
        values[layer].set(slot, newValues);
        NDIndex written = new NDIndex().addAllDim(2).addSliceDim(0, end);
        NDManager owner = newKeys.getManager();
        return new NDArray[] {keys[layer].get(owner, written), values[layer].get(owner, written)};
    }

    /**
     * Writes a layer's keys and values for one new position, (B, kvHeads, 1, headDim) each, at
     * the current length: one native call each, no new array.
     */
    void writeNext(int layer, NDArray newKeys, NDArray newValues) {
        if (length >= capacity) {
            throw new IllegalStateException("KV cache full: capacity " + capacity);
        }
        long[] lower = {0, 0, length, 0};
        long[] upper = {batchSize(), kvHeads, length + 1L, headDim};
        Native.write(keys[layer], newKeys, lower, upper);
        Native.write(values[layer], newValues, lower, upper);
    }

    /** A layer's keys of positions {@code 0 .. positions-1}, transposed to (B, kvHeads, headDim, positions), owned by {@code owner}. */
    NDArray transposedKeys(int layer, int positions, NDManager owner) {
        if (transposedKeys[layer] == null) {
            transposedKeys[layer] = Native.transpose(keys[layer], 2, 3);
            NDScope.unregister(transposedKeys[layer]); // lives as long as the cache, not the step
        }
        return Native.slice(transposedKeys[layer], new long[4], new long[] {batchSize(), kvHeads, headDim, positions}, owner);
    }

    /** A layer's values of positions {@code 0 .. positions-1}, (B, kvHeads, positions, headDim), owned by {@code owner}. */
    NDArray values(int layer, int positions, NDManager owner) {
        return Native.slice(values[layer], new long[4], new long[] {batchSize(), kvHeads, positions, headDim}, owner);
    }

    /** Marks positions as written, after every layer has appended them. */
    void advance(int positions) {
        length += positions;
    }

    /**
     * Keeps only some rows (sequences still generating), so finished sequences stop costing
     * compute. Rows are renumbered in the given order.
     */
    public void keepRows(int[] rows) {
        long[] indices = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            indices[i] = rows[i];
        }
        try (NDArray index = manager.create(indices)) {
            for (int layer = 0; layer < keys.length; layer++) {
                keys[layer] = replace(keys[layer], index);
                values[layer] = replace(values[layer], index);
                closeTransposedKeys(layer);
            }
        }
    }

    private NDArray replace(NDArray old, NDArray index) {
        NDArray kept = old.get(manager, new NDIndex("{}", index));
        old.close();
        return kept;
    }

    private void closeTransposedKeys(int layer) {
        if (transposedKeys[layer] != null) {
            transposedKeys[layer].close();
            transposedKeys[layer] = null;
        }
    }

    @Override
    public void close() {
        for (int layer = 0; layer < keys.length; layer++) {
            closeTransposedKeys(layer);
            keys[layer].close();
            values[layer].close();
        }
    }
}
