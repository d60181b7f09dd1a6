package dev.leti.local.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Waits for a service's {@code /readyz} to answer 200, failing early (with its log's tail) if the JVM dies. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 30;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    void await(String service, int port, Process process, Path log, Duration timeout) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/readyz");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(service + " exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + log + ":\n" + tail(log));
            }
            if (isReady(uri)) {
                return;
            }
            pause();
        }
        throw new IOException(service + " was not ready within " + timeout.toSeconds()
                + " s (" + uri + "); last lines of " + log + ":\n" + tail(log));
    }

    private boolean isReady(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for readiness", e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
