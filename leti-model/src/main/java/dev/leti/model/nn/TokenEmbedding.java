package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;

/** Token id to vector lookup; the table also serves as the LM head when embeddings are tied. */
public final class TokenEmbedding extends UnaryBlock {

    private final int vocabSize;
    private final int size;
    private final Parameter weight;

    public TokenEmbedding(int vocabSize, int size) {
        this.vocabSize = vocabSize;
        this.size = size;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    /** (B, T) int64 ids to (B, T, size), owned by the ids' manager. */
    @Override
    public NDArray apply(NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, weight.getArray(), SparseFormat.DENSE).singletonOrThrow();
    }

    public Parameter weight() {
        return weight;
    }

    public Shape weightShape() {
        return new Shape(vocabSize, size);
    }


    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(size)};
    }
}
