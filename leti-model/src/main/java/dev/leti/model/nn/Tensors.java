package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

/**
 * Keeps intermediates in the caller's manager. A DJL operation's result belongs to the
 * manager of the array it is called on, so anything derived from a parameter (a cast, a
 * slice) would otherwise pile up in the model's long-lived manager.
 */
final class Tensors {

    private Tensors() {
    }

    /** The parameter's values in the activation's data type, owned by the activation's manager. */
    static NDArray weightLike(Parameter parameter, NDArray activation) {
        NDArray weight = parameter.getArray();
        if (weight.getDataType() == activation.getDataType()) {
            return weight;
        }
        return owned(weight.toType(activation.getDataType(), false), activation.getManager());
    }

    /** Moves a freshly made array into a manager and returns it. */
    static NDArray owned(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
