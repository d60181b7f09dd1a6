package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch operations that are one native call each. DJL's generic {@code NDArray} methods often
 * add calls of their own (a scalar operand becomes a new array, {@code transpose} and
 * {@code softmax} query shape or type first, an {@code NDIndex} is built call by call), which
 * dominates a decoding step of a small model.
 */
final class Native {

    private Native() {
    }

    /** {@code x W^T + residual} in one native call (addmm) when x is 2-D; {@code residual} may be null. */
    static NDArray linear(NDArray x, NDArray weight, NDArray residual) {
        return JniUtils.linear(pt(x), pt(weight), residual == null ? null : pt(residual));
    }

    /** {@code x / max(||x||_2, eps)} over the last axis. */
    static NDArray normalize(NDArray x, double eps) {
        return JniUtils.normalize(pt(x), 2, -1, eps);
    }

    /** The view {@code x[0:upper[0], ..., lower[axis]:upper[axis], ...]} (one slice per axis), owned by {@code owner}. */
    static NDArray slice(NDArray x, long[] lower, long[] upper, NDManager owner) {
        return JniUtils.index(pt(x), lower, upper, ones(lower.length), (PtNDManager) owner);
    }

    /** Copies {@code value} into {@code target[lower:upper]}, in place. */
    static void write(NDArray target, NDArray value, long[] lower, long[] upper) {
        JniUtils.indexSet(pt(target), pt(value), lower, upper, ones(lower.length));
    }

    static NDArray reshape(NDArray x, long... shape) {
        return JniUtils.reshape(pt(x), shape);
    }

    static NDArray transpose(NDArray x, int axis1, int axis2) {
        return JniUtils.transpose(pt(x), axis1, axis2);
    }

    static NDArray matMul(NDArray a, NDArray b) {
        return JniUtils.matmul(pt(a), pt(b));
    }

    static NDArray add(NDArray a, NDArray b) {
        return JniUtils.add(pt(a), pt(b));
    }

    static NDArray mul(NDArray a, NDArray b) {
        return JniUtils.mul(pt(a), pt(b));
    }

    static NDArray sigmoid(NDArray x) {
        return JniUtils.sigmoid(pt(x));
    }

    static NDArray softmax(NDArray x) {
        return JniUtils.softmax(pt(x), -1, DataType.FLOAT32);
    }

    static NDArray sum(NDArray x, int axis) {
        return JniUtils.sum(pt(x), new long[] {axis}, true);
    }

    /** Rows of {@code table} for int64 {@code ids}, owned by the ids' manager. */
    static NDArray lookup(NDArray ids, NDArray table) {
        return JniUtils.embedding(pt(ids), pt(table), false);
    }

    private static long[] ones(int length) {
        long[] steps = new long[length];
        java.util.Arrays.fill(steps, 1);
        return steps;
    }

    private static PtNDArray pt(NDArray array) {
        return (PtNDArray) array;
    }
}
