package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.SplittableRandom;

/**
 * A linear layer {@code y = x W^T (+ b)}, with {@code W} of shape (outputs, inputs) as in PyTorch;
 * bias-free unless made {@link #withBias}.
 */
public final class Projection extends UnaryBlock {

    private final int inputs;
    private final int outputs;
    private final Parameter weight;
    private final Parameter bias;
    /** LoRA: {@code y += scale * (x A^T) B^T}, A (rank, inputs), B (outputs, rank); null without an adapter. */
    private Parameter loraA;
    private Parameter loraB;
    private float loraScale;

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

    /** Applies the projection (and its low-rank adapter, if any) to the last axis. */
    @Override
    public NDArray apply(NDArray x) {
        NDArray y = bias == null ? Linear.linear(x, Tensors.weightLike(weight, x)).singletonOrThrow()
                : Linear.linear(x, Tensors.weightLike(weight, x), Tensors.weightLike(bias, x)).singletonOrThrow();
        if (loraA == null) {
            return y;
        }
        NDArray low = Linear.linear(x, Tensors.weightLike(loraA, x)).singletonOrThrow();
        return y.add(Tensors.scaled(Linear.linear(low, Tensors.weightLike(loraB, x)).singletonOrThrow(), loraScale));
    }

    /**
     * Adds a LoRA adapter (Hu et al. 2021, initialised as PEFT does): A uniform in
     * +-1/sqrt(inputs), B zero, so the projection is unchanged until B trains; scale alpha / rank.
     * Returns A and B.
     */
    Parameter[] addAdapter(NDManager manager, int rank, double alpha, SplittableRandom random) {
        if (loraA != null) {
            throw new IllegalStateException("the projection already has an adapter");
        }
        float bound = (float) (1.0 / Math.sqrt(inputs));
        float[] a = new float[rank * inputs];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextDouble(-bound, bound));
        }
        loraA = Parameter.builder().setName("lora_A").setType(Parameter.Type.WEIGHT).build();
        loraA.setArray(Tensors.copyOf(manager, a, new Shape(rank, inputs)));
        loraB = Parameter.builder().setName("lora_B").setType(Parameter.Type.WEIGHT).build();
        loraB.setArray(manager.zeros(new Shape(outputs, rank)));
        loraScale = (float) (alpha / rank);
        return new Parameter[] {loraA, loraB};
    }

    /** Folds the adapter into the weight ({@code W += scale * B A}) and removes it. */
    void mergeAdapter() {
        if (loraA == null) {
            return;
        }
        NDArray a = loraA.getArray();
        NDArray b = loraB.getArray();
        try (NDArray delta = b.matMul(a).muli(loraScale)) {
            weight.getArray().addi(delta);
        }
        a.close();
        b.close();
        loraA = null;
        loraB = null;
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
