package dev.leti.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block inside the decoder that needs positions, a mask and the cache besides its input, so
 * it is called through its typed {@code apply}; the whole model is the DJL-callable unit.
 */
abstract class SequenceBlock extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList in, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " needs positions, a mask and a cache: call apply(...)");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
