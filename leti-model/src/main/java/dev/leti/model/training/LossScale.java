package dev.leti.model.training;

import dev.leti.model.Precision;

/**
 * Dynamic loss scaling for float16 training, as PyTorch's {@code GradScaler}: the loss is
 * multiplied by a large factor so small gradients do not flush to zero in float16; a step
 * whose gradients overflow is skipped and the factor halves; after a run of good steps it
 * doubles. In float32 the factor is 1 and nothing is ever skipped.
 */
final class LossScale {

    private static final double INITIAL = 65536;
    private static final int GROWTH_INTERVAL = 2000;

    private final boolean enabled;
    private double value;
    private double valueOfStep;
    private int goodSteps;

    LossScale(Precision precision) {
        this.enabled = precision == Precision.FP16;
        this.value = enabled ? INITIAL : 1;
        this.valueOfStep = value;
    }

    /** The factor the next backward pass uses. */
    double value() {
        return value;
    }

    /** The factor the gradients being applied were computed with. */
    double valueOfStep() {
        return valueOfStep;
    }

    /** Records whether this step's gradients were finite; returns whether to apply them. */
    boolean accept(boolean finite) {
        valueOfStep = value;
        if (!enabled) {
            return finite;
        }
        if (!finite) {
            value /= 2;
            goodSteps = 0;
            return false;
        }
        if (++goodSteps == GROWTH_INTERVAL) {
            value *= 2;
            goodSteps = 0;
        }
        return true;
    }

    void restore(double saved) {
        if (enabled && saved > 0) {
            value = saved;
            valueOfStep = saved;
        }
    }
}
