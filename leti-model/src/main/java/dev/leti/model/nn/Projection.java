package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A bias-free linear layer {@code y = x W^T}, with {@code W} of shape (outputs, inputs) as in PyTorch. */
public final class Projection extends UnaryBlock {

    private final int inputs;
    private final int outputs;
    private final Parameter weight;

    public Projection(int inputs, int outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    /** Applies the projection to the last axis. */
    @Override
    public NDArray apply(NDArray x) {
        return Linear.linear(x, Tensors.weightLike(weight, x)).singletonOrThrow();
    }

    public Parameter weight() {
        return weight;
    }

    /** (outputs, inputs). */
    public Shape weightShape() {
        return new Shape(outputs, inputs);
    }


    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outputs)};
    }
}
