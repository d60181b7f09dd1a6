package dev.leti.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the PyTorch scripts under {@code src/test/python} with Debian's {@code /usr/bin/python3}. */
public final class PythonTorch {

    public static final Path SCRIPTS = Path.of("src/test/python");
    private static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private PythonTorch() {
    }

    /** Whether {@code /usr/bin/python3 -c "import torch"} works on this machine. */
    public static synchronized boolean available() {
        if (available == null) {
            try {
                Process process = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                available = process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    /** Runs a script to completion and returns its output; fails on a non-zero exit. */
    public static String run(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed:\n" + output);
        }
        return output;
    }

    /** Reads float32 little-endian values, as the reference scripts write logits. */
    public static float[] readFloats(Path file) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    /** The largest absolute difference between two equally long arrays. */
    public static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
