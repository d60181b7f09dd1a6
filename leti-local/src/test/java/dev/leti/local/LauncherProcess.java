package dev.leti.local;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged launcher ({@code target/leti-local.jar}) as a real process, on free ports, with its
 * console captured, so tests see what a user sees and can {@code kill -9} it.
 */
final class LauncherProcess {

    static final Path JAR = Path.of(System.getProperty("leti.local.jar", "target/leti-local.jar"));
    static final Path HOME = Path.of(System.getProperty("leti.repo.root", ".."));
    private static final Pattern SERVICE_PID = Pattern.compile("(\\S+-service(?:-\\d+)?)\\s+ready .*\\(pid (\\d+)\\)");
    private static final Pattern GENERATION_SAMPLES =
            Pattern.compile("(?m)^leti_generation_samples_total\\{[^}]*replica=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$");

    final Path workdir;
    final int kafkaPort;
    final int postgresPort;
    final int portBase;
    final int httpPorts;
    private Process process;
    private Path console;
    private int starts;

    LauncherProcess(Path workdir) throws IOException {
        this(workdir, 4);
    }

    /** {@code httpPorts}: the services' ports from the port base on, replicas included (four without). */
    LauncherProcess(Path workdir, int httpPorts) throws IOException {
        this.workdir = workdir;
        this.kafkaPort = freePortPair();
        this.postgresPort = freePort();
        this.portBase = freePortRange(httpPorts);
        this.httpPorts = httpPorts;
    }

    /** Starts {@code java -jar leti-local.jar <command> ...} with this instance's workdir and ports. */
    LauncherProcess start(String command, String... extra) throws IOException {
        // pdeathsig: should this test JVM die, its launcher (and so the whole stack) goes with it.
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--pdeathsig", "SIGKILL", "--",
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx768m", "-Dleti.home=" + HOME.toAbsolutePath(), "-jar", launcherCopy().toString(), command,
                "--workdir", workdir.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--postgres-port", Integer.toString(postgresPort), "--port-base", Integer.toString(portBase)));
        cmd.addAll(List.of(extra));
        console = workdir.resolveSibling(workdir.getFileName() + "-console-" + (++starts) + ".txt");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile());
        // The services inherit it: runs here read the shared datasets, wherever they are.
        builder.environment().put("LETI_DATASETS_ROOTS", "/");
        process = builder.start();
        return this;
    }

    /** A rebuild of leti-local while a test runs must not pull the jar from under its launcher. */
    private Path launcherCopy() throws IOException {
        Path copy = workdir.resolveSibling("leti-local.jar");
        if (!Files.exists(copy)) {
            Files.copy(JAR, copy);
        }
        return copy;
    }

    void awaitConsole(String text, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive() && !console().contains(text)) {
                throw new IllegalStateException("launcher exited with " + process.exitValue() + ":\n" + console());
            }
            return console().contains(text);
        });
    }

    /**
     * Sends a line to a launcher started with {@code up --stdin-commands} (such as {@code restart kafka})
     * and waits until its console prints {@code done} once more than before.
     */
    void command(String line, String done, Duration timeout) throws IOException {
        int before = occurrences(console(), done);
        process.getOutputStream().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            String console = console();
            if (!process.isAlive() || console.contains("'" + line + "' failed")) {
                throw new IllegalStateException("'" + line + "' failed:\n" + console);
            }
            return occurrences(console, done) > before;
        });
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    String console() throws IOException {
        return Files.readString(console);
    }

    /** Service instance name (generator-service, or generator-service-2 with replicas) to pid, from the launcher's "ready ... (pid N)" lines. */
    Map<String, Long> servicePids() throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        Matcher matcher = SERVICE_PID.matcher(console());
        while (matcher.find()) {
            pids.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return pids;
    }

    /**
     * {@code leti_generation_samples_total} of each generator replica (its tag {@code replica}), from
     * every service's own Prometheus endpoint: samples drawn since that replica started.
     */
    Map<String, Double> generationSamples() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Double> samples = new TreeMap<>();
        for (int port = portBase; port < portBase + httpPorts; port++) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = GENERATION_SAMPLES.matcher(body);
            while (matcher.find()) {
                samples.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
            }
        }
        return samples;
    }

    Process process() {
        return process;
    }

    /** SIGTERM, as Ctrl-C or a service manager would stop it; waits for the clean stop. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("launcher did not stop within " + timeout);
        }
        return process.exitValue();
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * The base checkpoint the end-to-end tests start from: the built-in tiny model, or, with
     * {@code -Dleti.it.base-checkpoint-dir=DIR}, that checkpoint directory copied into this stack's
     * artifact store.
     */
    String baseCheckpoint() {
        String dir = System.getProperty("leti.it.base-checkpoint-dir", "");
        if (dir.isBlank()) {
            return "builtin:leti-tiny";
        }
        return new dev.leti.spring.artifact.DirectoryArtifactStore(workdir.resolve("artifacts"))
                .put("base/" + Path.of(dir).getFileName(), Path.of(dir)).uri();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/leti";
    }

    String orchestratorUrl() {
        return "http://127.0.0.1:" + portBase;
    }

    /** The postmaster's pid while PostgreSQL runs on this workdir's data directory. */
    java.util.Optional<Long> postmasterPid() throws IOException {
        Path pidFile = workdir.resolve("postgres/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return java.util.Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(Long.parseLong(lines.get(0).trim())).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int freePort() throws IOException {
        return freePortRange(1);
    }

    /** A port whose next one is free too (the KRaft controller's). */
    private static int freePortPair() throws IOException {
        return freePortRange(2);
    }

    /**
     * {@code count} consecutive free ports below the kernel's ephemeral range: the stack binds them
     * one service at a time, and a port from the ephemeral range could meanwhile become the local
     * end of some outgoing connection (a Kafka or JDBC client), so the service would fail to bind.
     */
    private static int freePortRange(int count) throws IOException {
        int ephemeralStart = ephemeralRangeStart();
        int low = Math.min(10_000, ephemeralStart / 2);
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = low + random.nextInt(ephemeralStart - count - low);
            if (rangeFree(first, count)) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports in " + low + ".." + ephemeralStart);
    }

    private static int ephemeralRangeStart() {
        // Not Files.readString: it trusts the size a /proc file reports and reads a truncated value.
        try (java.io.BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            int start = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            return start > 2_048 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean rangeFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket ignored = new ServerSocket(port)) {
                // free
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
