package dev.leti.model;

import ai.djl.Device;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how a model runs.
 *
 * @param device    {@code cpu} (default) or {@code cuda} / {@code cuda:N}; services bind it to
 *                  {@code leti.model.device}
 * @param precision activation precision; {@link Precision#FP32} unless on a GPU
 */
public record ModelOptions(String device, Precision precision) {

    public ModelOptions {
        device = device == null || device.isBlank() ? "cpu" : device.strip().toLowerCase(Locale.ROOT);
        precision = Objects.requireNonNullElse(precision, Precision.FP32);
        if (!device.equals("cpu") && !device.matches("cuda(:\\d+)?")) {
            throw new IllegalArgumentException("device must be 'cpu' or 'cuda[:N]': " + device);
        }
    }

    /** CPU, float32. */
    public static ModelOptions cpu() {
        return new ModelOptions("cpu", Precision.FP32);
    }

    /** The DJL device; fails if CUDA is asked for but absent. */
    public Device toDevice() {
        if (device.equals("cpu")) {
            return Device.cpu();
        }
        int id = device.contains(":") ? Integer.parseInt(device.substring(device.indexOf(':') + 1)) : 0;
        if (id >= ai.djl.engine.Engine.getInstance().getGpuCount()) {
            throw new IllegalStateException("device " + device + " requested but the PyTorch engine sees "
                    + ai.djl.engine.Engine.getInstance().getGpuCount() + " GPU(s)");
        }
        return Device.gpu(id);
    }
}
