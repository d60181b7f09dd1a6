package dev.leti.executor.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Python worker every backend runs inside its sandbox ({@code worker.py}), passed as
 * the interpreter's {@code -c} argument so that no file has to be written into the sandbox.
 */
public final class WorkerScript {

    private static final String SOURCE = load();

    private WorkerScript() {
    }

    /** {@code python -I -S -c <worker> [options]}: isolated mode, no site packages. */
    public static List<String> command(String python, boolean warm, String... options) {
        var command = new java.util.ArrayList<>(List.of(python, "-I", "-S", "-c", SOURCE));
        if (!warm) {
            command.add("--no-preload");
        }
        command.addAll(List.of(options));
        return command;
    }

    private static String load() {
        try (InputStream in = WorkerScript.class.getResourceAsStream("worker.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
