package dev.leti.model.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch, which is per thread. DJL turns it off only on the thread that
 * started the engine, so inference on any other thread would record graphs (memory and time)
 * unless it is switched off there too. Used instead of DJL's {@code GradientCollector}, which
 * allows one collector per JVM.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /** Records operations for backward until closed. */
    public static GradMode enabled() {
        return new GradMode(true);
    }

    /** Records nothing until closed. */
    public static GradMode disabled() {
        return new GradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
