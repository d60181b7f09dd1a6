package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A block of one input and one output, usable through DJL's generic {@code forward} as well as {@link #apply}. */
abstract class UnaryBlock extends AbstractBlock {

    /** The block's computation, with intermediates owned by the input's manager. */
    public abstract NDArray apply(NDArray x);

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(in.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
