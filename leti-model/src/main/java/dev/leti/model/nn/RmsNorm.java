package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Root-mean-square normalisation over the last axis, computed in float32 whatever the activations' type. */
public final class RmsNorm extends UnaryBlock {

    private final int size;
    private final float eps;
    private final Parameter weight;

    public RmsNorm(int size, double eps) {
        this.size = size;
        this.eps = (float) eps;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build());
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray wide = Tensors.cast(x, DataType.FLOAT32);
        NDArray meanSquare = wide.square().mean(new int[] {-1}, true);
        NDArray normed = Tensors.cast(wide.div(meanSquare.add(eps).sqrt()), x.getDataType());
        return normed.mul(Tensors.weightLike(weight, normed));
    }

    public Parameter weight() {
        return weight;
    }

    public Shape weightShape() {
        return new Shape(size);
    }
}
