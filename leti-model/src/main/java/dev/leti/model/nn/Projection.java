package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * A linear layer {@code y = x W^T (+ b)}, with {@code W} of shape (outputs, inputs) as in PyTorch;
 * bias-free unless made {@link #withBias}.
 */
public final class Projection extends UnaryBlock {

    private final int inputs;
    private final int outputs;
    private final Parameter weight;
    private final Parameter bias;

    public Projection(int inputs, int outputs) {
        this(inputs, outputs, false);
    }

    private Projection(int inputs, int outputs, boolean withBias) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build()) : null;
    }

    /** A projection with a bias when {@code withBias} (Qwen2's q, k and v; Llama's with {@code attention_bias}). */
    public static Projection withBias(int inputs, int outputs, boolean withBias) {
        return new Projection(inputs, outputs, withBias);
    }

    /** Applies the projection to the last axis. */
    @Override
    public NDArray apply(NDArray x) {
        return bias == null ? Linear.linear(x, Tensors.weightLike(weight, x)).singletonOrThrow()
                : Linear.linear(x, Tensors.weightLike(weight, x), Tensors.weightLike(bias, x)).singletonOrThrow();
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null for a bias-free projection. */
    public Parameter bias() {
        return bias;
    }

    /** (outputs). */
    public Shape biasShape() {
        return new Shape(outputs);
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
