package dev.leti.model;

import ai.djl.ndarray.types.DataType;

/**
 * Data type of activations. Parameters and optimizer state always stay float32; with
 * {@link #FP16} every forward pass casts the weights (differentiably) to float16 while norms,
 * softmax and loss stay float32, and training uses dynamic loss scaling: mixed precision as
 * PyTorch's autocast does it. Meant for CUDA; on CPU it works but is slower than float32.
 *
 * <p>No bfloat16: DJL 0.36's PyTorch layer has no such type (creating or casting to one
 * aborts the JVM), so float16 with loss scaling is the reduced precision on offer.
 */
public enum Precision {
    FP32(DataType.FLOAT32),
    FP16(DataType.FLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }
}
