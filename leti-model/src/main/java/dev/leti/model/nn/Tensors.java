package dev.leti.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Keeps intermediates in the caller's manager. A DJL operation's result belongs to the
 * manager of the array it is called on, so anything derived from a parameter (a cast, a
 * slice) would otherwise pile up in the model's long-lived manager. And makes arrays from Java
 * values in memory PyTorch owns.
 */
public final class Tensors {

    private Tensors() {
    }

    /** The parameter's values in the activation's data type, owned by the activation's manager. */
    static NDArray weightLike(Parameter parameter, NDArray activation) {
        NDArray weight = parameter.getArray();
        if (weight.getDataType() == activation.getDataType()) {
            return weight;
        }
        return owned(cast(weight, activation.getDataType()), activation.getManager());
    }

    /**
     * A cast that autograd sees through. DJL's {@code toType} runs under no-grad, which would cut
     * the gradient of mixed-precision training; a cumulative product over a new axis of size 1
     * with an output type is the identity plus a differentiable cast.
     */
    static NDArray cast(NDArray array, DataType type) {
        if (array.getDataType() == type) {
            return array;
        }
        return array.expandDims(-1).cumProd(-1, type).squeeze(-1);
    }

    /**
     * Closes intermediates that nothing reads any more, except {@code kept} (a cast may return
     * its input). Each DJL result would otherwise hold its tensor until the caller's manager
     * closes, after backward; autograd keeps its own reference to whatever it saved.
     */
    static void release(NDArray kept, NDArray... intermediates) {
        for (NDArray array : intermediates) {
            if (array != kept) {
                array.close();
            }
        }
    }

    /**
     * An array of {@code values} in memory PyTorch allocated. DJL's {@code create} on the CPU only
     * borrows a Java direct buffer (freed by the collector, aligned however the JVM's allocation
     * fell); weights and optimizer states live as long as the model, so they are made with this and
     * owned by PyTorch like every array an operation returns. Short-lived inputs need not be.
     */
    public static NDArray copyOf(NDManager manager, float[] values, Shape shape) {
        try (NDArray borrowed = manager.create(values, shape)) {
            return borrowed.duplicate();
        }
    }

    /**
     * {@code array * factor} with the factor in memory PyTorch allocated: use it for every scalar
     * factor on a path autograd records. DJL's {@code mul(Number)} makes the factor a 0-d array over
     * a Java direct buffer (as {@code create} does) and closes that array as soon as the product
     * exists; autograd keeps the factor's tensor for the backward pass ({@code d(x f)/dx = f}) but
     * nothing keeps the buffer, so a collection between forward and backward can free it (and
     * malloc hand it out again) before backward reads it: gradients scaled by whatever the memory
     * holds by then. A tensor PyTorch allocated lives as long as autograd refers to it.
     */
    public static NDArray scaled(NDArray array, float factor) {
        try (NDArray owned = array.getManager().full(new Shape(), factor)) {
            return array.mul(owned);
        }
    }

    /** Moves a freshly made array into a manager and returns it. */
    static NDArray owned(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
