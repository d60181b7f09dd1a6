package dev.leti.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL (zonky binaries, no installation) with a fixed port and a data directory
 * kept across restarts.
 *
 * <p>PostgreSQL runs as its own daemon, so the launcher's death does not stop it. Two things make
 * sure a {@code kill -9} of the launcher leaves no server behind: a small watchdog process that
 * stops the server (fast shutdown) once the launcher's pid is gone, and, on the next start, a
 * check for a still-running server on the same data directory, which is then stopped first.
 */
final class Postgres implements AutoCloseable {

    static final String DATABASE = "leti";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final StackSettings settings;
    private EmbeddedPostgres postgres;
    private Process watchdog;

    Postgres(StackSettings settings) {
        this.settings = settings;
    }

    void start() throws IOException {
        Path dataDir = settings.postgresDir();
        Files.createDirectories(dataDir);
        stopLeftOverServer(dataDir);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .setRegisterShutdownHook(false)
                // zonky turns this off for speed; a run's recorded state must survive a crash of the launcher.
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(settings.logsDir().resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(settings.logsDir().resolve("postgres.log").toFile()))
                .start();
        createDatabaseOnce();
        watchdog = startWatchdog(dataDir);
    }

    private void createDatabaseOnce() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet existing = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (existing.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("could not create the '" + DATABASE + "' database", e);
        }
    }

    private Process startWatchdog(Path dataDir) throws IOException {
        long launcher = ProcessHandle.current().pid();
        String pidFile = dataDir.resolve("postmaster.pid").toString();
        String script = "while kill -0 " + launcher + " 2>/dev/null; do sleep 1; done; "
                + "[ -f '" + pidFile + "' ] && kill -INT $(head -n 1 '" + pidFile + "')";
        // setsid: Ctrl-C in the terminal must not reach the watchdog before the launcher stops PostgreSQL itself.
        return new ProcessBuilder(List.of("setsid", "sh", "-c", script))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** A server left running by a launcher that was killed (and whose watchdog did not get to it). */
    private static void stopLeftOverServer(Path dataDir) throws IOException {
        Optional<ProcessHandle> leftOver = postmaster(dataDir);
        if (leftOver.isEmpty()) {
            return;
        }
        new ProcessBuilder("kill", "-INT", Long.toString(leftOver.get().pid())).inheritIO().start();
        try {
            leftOver.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("a PostgreSQL server from an earlier run (pid " + leftOver.get().pid()
                    + ") still holds " + dataDir + " and did not stop", e);
        }
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (watchdog != null) {
            watchdog.descendants().forEach(ProcessHandle::destroy);
            watchdog.destroy();
            watchdog = null;
        }
    }
}
