package dev.leti.executor.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The oracle: a script run by plain {@code /usr/bin/python3}, no sandbox, as the datasets'
 * own harness runs it. Answers the exception type its traceback ends with.
 */
final class PlainPython {

    private PlainPython() {
    }

    /** The exception type name, or null when the script exits cleanly. */
    static String exceptionType(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", "-I", "-S", "-").redirectErrorStream(false).start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("plain python did not finish");
        }
        if (process.exitValue() == 0) {
            return null;
        }
        String last = stderr.strip().lines().reduce((a, b) -> b).orElse("");
        String type = last.contains(":") ? last.substring(0, last.indexOf(':')) : last;
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
