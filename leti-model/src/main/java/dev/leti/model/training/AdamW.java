package dev.leti.model.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leti.model.nn.LlamaBlock.NamedParameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW exactly as PyTorch's {@code torch.optim.AdamW} computes it, with decoupled weight
 * decay applied only to matrices (DJL's own AdamW decays every parameter). Moments live in
 * this optimizer's manager and are updated in place.
 */
final class AdamW implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();

    AdamW(NDManager parent, Map<String, NamedParameter> parameters) {
        this.manager = parent.newSubManager();
        parameters.forEach((name, named) -> {
            firstMoments.put(name, manager.zeros(named.shape()));
            secondMoments.put(name, manager.zeros(named.shape()));
        });
    }

    /**
     * One update of one parameter; intermediates go to {@code scratch}.
     *
     * @param step 1-based count of updates, for bias correction
     */
    void update(String name, NamedParameter parameter, NDArray gradient, double learningRate, TrainingOptions options,
            long step, NDManager scratch) {
        NDArray weight = parameter.parameter().getArray();
        if (parameter.isMatrix() && options.weightDecay() > 0) {
            weight.muli(1 - learningRate * options.weightDecay());
        }
        NDArray m = firstMoments.get(name);
        NDArray v = secondMoments.get(name);
        // Every intermediate is as large as the parameter: each is freed as soon as it is used, as
        // PyTorch frees them, so an update's peak holds one or two of them instead of all of them.
        try (NDArray scaled = owned(gradient.mul(1 - options.adamW().beta1()), scratch)) {
            m.muli(options.adamW().beta1()).addi(scaled);
        }
        try (NDArray squared = owned(gradient.square(), scratch)) {
            v.muli(options.adamW().beta2()).addi(squared.muli(1 - options.adamW().beta2()));
        }
        double firstCorrection = 1 - Math.pow(options.adamW().beta1(), step);
        double secondCorrection = 1 - Math.pow(options.adamW().beta2(), step);
        try (NDArray denominator = owned(v.sqrt(), scratch).divi(Math.sqrt(secondCorrection))
                .addi(options.adamW().epsilon());
                NDArray change = owned(m.div(denominator), scratch).muli(learningRate / firstCorrection)) {
            weight.subi(change);
        }
    }

    /** Moments under {@code <parameter>.exp_avg} and {@code <parameter>.exp_avg_sq}, for saving. */
    Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        firstMoments.forEach((name, moment) -> {
            state.put(name + ".exp_avg", moment);
            state.put(name + ".exp_avg_sq", secondMoments.get(name));
        });
        return state;
    }

    /** Restores moments saved by {@link #state()}. */
    void restore(Map<String, NDArray> saved, String source) {
        Map<String, NDArray> targets = state();
        if (!saved.keySet().equals(targets.keySet())) {
            throw new IllegalArgumentException(source + ": optimizer state does not match the model's parameters");
        }
        targets.forEach((name, target) -> {
            NDArray values = saved.get(name);
            if (!values.getShape().equals(target.getShape())) {
                throw new IllegalArgumentException(source + ": optimizer state " + name + " has shape " + values.getShape());
            }
            target.set(values.toByteBuffer());
        });
    }

    private static NDArray owned(NDArray array, NDManager scratch) {
        array.attach(scratch);
        return array;
    }

    @Override
    public void close() {
        manager.close();
    }
}
