package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.leti.model.config.ModelConfig;

/** SwiGLU feed-forward: {@code down(silu(gate(x)) * up(x))}. */
public final class Mlp extends UnaryBlock {

    private final Projection gate;
    private final Projection up;
    private final Projection down;

    public Mlp(ModelConfig config) {
        this.gate = addChildBlock("gate_proj", new Projection(config.hiddenSize(), config.intermediateSize()));
        this.up = addChildBlock("up_proj", new Projection(config.hiddenSize(), config.intermediateSize()));
        this.down = addChildBlock("down_proj", new Projection(config.intermediateSize(), config.hiddenSize()));
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray gated = gate.apply(x);
        NDArray activated = gated.mul(Activation.sigmoid(gated));
        return down.apply(activated.mul(up.apply(x)));
    }

    Projection gate() {
        return gate;
    }

    Projection up() {
        return up;
    }

    Projection down() {
        return down;
    }
}
