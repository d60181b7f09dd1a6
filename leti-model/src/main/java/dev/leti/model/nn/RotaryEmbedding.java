package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.leti.model.config.ModelConfig;

/**
 * Rotary position embedding in the Hugging Face Llama convention: the head is split in two
 * halves and rotated as {@code x * cos + rotate_half(x) * sin}. Cosine and sine tables for
 * every position are computed once, in double precision, with Llama 3's frequency scaling
 * where the configuration has one.
 */
public final class RotaryEmbedding implements AutoCloseable {

    private final int headDim;
    private final NDArray cos;
    private final NDArray sin;

    public RotaryEmbedding(NDManager manager, ModelConfig config) {
        this.headDim = config.headDim();
        int half = headDim / 2;
        int maxPositions = config.maxPositions();
        double[] inverseFrequencies = new double[half];
        for (int i = 0; i < half; i++) {
            double inverseFrequency = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / headDim);
            inverseFrequencies[i] = config.ropeScaling() == null ? inverseFrequency
                    : config.ropeScaling().scale(inverseFrequency);
        }
        float[] cosValues = new float[maxPositions * headDim];
        float[] sinValues = new float[maxPositions * headDim];
        for (int position = 0; position < maxPositions; position++) {
            for (int i = 0; i < headDim; i++) {
                double angle = position * inverseFrequencies[i % half];
                cosValues[position * headDim + i] = (float) Math.cos(angle);
                sinValues[position * headDim + i] = (float) Math.sin(angle);
            }
        }
        Shape shape = new Shape(maxPositions, headDim);
        this.cos = manager.create(cosValues, shape);
        this.sin = manager.create(sinValues, shape);
    }

    /** The rotation for positions of shape (B or 1, T), int64; owned by the positions' manager. */
    public Rotation at(NDArray positions, DataType type) {
        return new Rotation(lookup(positions, cos, type), lookup(positions, sin, type), headDim);
    }

    private static NDArray lookup(NDArray positions, NDArray table, DataType type) {
        NDArray rows = positions.getNDArrayInternal().embedding(positions, table, SparseFormat.DENSE).singletonOrThrow();
        return rows.expandDims(1).toType(type, false);
    }

    /**
     * The rotation of position p as a linear map, for {@link FusedDecoder}: {@code x R_p} with
     * {@code R_p = diag(cos_p) + H diag(sin_p)}, H the signed permutation of {@code rotate_half}.
     * Returns the table (maxPositions, 2 * headDim) of [cos | sin] rows and the basis
     * (2, headDim, headDim) [I ; H], so that {@code R_p = sum_k basis[k] * table[p][k]} row-broadcast.
     */
    NDArray[] linearForm(NDManager owner) {
        NDArray table = cos.concat(sin, -1);
        table.attach(owner);
        int half = headDim / 2;
        float[] basis = new float[2 * headDim * headDim];
        for (int i = 0; i < headDim; i++) {
            basis[i * headDim + i] = 1;
        }
        int offset = headDim * headDim;
        for (int j = 0; j < headDim; j++) {
            int from = j < half ? j + half : j - half;
            basis[offset + from * headDim + j] = j < half ? -1 : 1;
        }
        return new NDArray[] {table, owner.create(basis, new Shape(2, headDim, headDim))};
    }

    @Override
    public void close() {
        cos.close();
        sin.close();
    }

    /** Cosines and sines of shape (B or 1, 1, T, headDim), broadcast over heads. */
    public record Rotation(NDArray cos, NDArray sin, int headDim) {

        /** Rotates queries or keys of shape (B, heads, T, headDim). */
        public NDArray apply(NDArray x) {
            int half = headDim / 2;
            NDArray first = x.get(new NDIndex().addEllipseDim().addSliceDim(0, half));
            NDArray second = x.get(new NDIndex().addEllipseDim().addSliceDim(half, headDim));
            NDArray rotated = second.neg().concat(first, -1);
            return x.mul(cos).add(rotated.mul(sin));
        }
    }
}
