package dev.leti.model;

import ai.djl.ndarray.types.DataType;

/**
 * Data type of activations. Parameters and optimizer state always stay float32; with
 * {@link #BF16} every forward pass casts the weights (differentiably) to bfloat16, which is
 * mixed-precision training as on TPUs and recent GPUs. Meant for CUDA; on CPU it works but is slow.
 */
public enum Precision {
    FP32(DataType.FLOAT32),
    BF16(DataType.BFLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }
}
