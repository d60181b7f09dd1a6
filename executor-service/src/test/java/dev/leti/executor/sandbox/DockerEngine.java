package dev.leti.executor.sandbox;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * A private Docker engine for tests: installs {@code docker.io} if needed, starts
 * {@code dockerd} without touching host networking ({@code --bridge=none --iptables=false})
 * on its own socket, data root and exec root, and imports a Python image assembled from the
 * host's interpreter (no registry is reachable). {@link #start()} aborts the calling test,
 * saying why, when the engine cannot start. Shared with deploy-tests (this module's test jar),
 * which builds the services' images on it.
 */
public final class DockerEngine implements AutoCloseable {

    public static final String IMAGE = "leti-sandbox-python:test";
    private final Path dir;
    private final Process dockerd;

    private DockerEngine(Path dir, Process dockerd) {
        this.dir = dir;
        this.dockerd = dockerd;
    }

    public static DockerEngine start() {
        ensureInstalled();
        Path dir;
        Process dockerd;
        try {
            dir = Files.createTempDirectory("leti-dockerd-");
            dockerd = new ProcessBuilder("dockerd", "--bridge=none", "--iptables=false", "--ip6tables=false",
                    "-H", "unix://" + dir.resolve("docker.sock"), "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        } catch (IOException e) {
            throw new TestAbortedException("cannot start dockerd: " + e.getMessage(), e);
        }
        DockerEngine engine = new DockerEngine(dir, dockerd);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !dockerd.isAlive() || engine.docker("info").exit() == 0);
            if (!dockerd.isAlive()) {
                throw new TestAbortedException("dockerd exited at start: " + engine.log());
            }
            engine.importImage(IMAGE, List.of());
            return engine;
        } catch (RuntimeException | Error e) {
            String log = engine.log();
            engine.close();
            if (e instanceof TestAbortedException aborted) {
                throw aborted;
            }
            throw new TestAbortedException("the Docker engine could not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    /** The engine's endpoint, for docker-java. */
    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** Ids of the containers the engine still has, running or not. */
    public List<String> containers() {
        Result result = docker("ps", "-aq");
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * Imports as {@code tag} a root file system assembled from the host ({@code docker/host-rootfs.sh}):
     * its python3 with python3-seccomp, plus each of {@code hostPaths} (files, or directories copied
     * whole) with the shared libraries they load.
     */
    public void importImage(String tag, List<String> hostPaths) {
        Path script = dir.resolve("host-rootfs.sh");
        try (InputStream in = DockerEngine.class.getResourceAsStream("/docker/host-rootfs.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String paths = hostPaths.stream().map(path -> " '" + path + "'").collect(Collectors.joining());
        Result result = run(List.of("/bin/sh", "-c",
                "sh '" + script + "'" + paths + " | docker -H " + host() + " import - " + tag));
        if (result.exit() != 0) {
            throw new IllegalStateException("docker import failed: " + result.output());
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("dockerd.log"));
        } catch (IOException e) {
            return "(no dockerd log)";
        }
    }

    /** Runs the docker client against this engine, to completion (at most 10 minutes). */
    public Result docker(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("docker", "-H", host()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** A command's exit status and its stdout and stderr together. */
    public record Result(int exit, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.MINUTES);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static void ensureInstalled() {
        if (run(List.of("sh", "-c", "command -v dockerd && command -v docker")).exit() == 0) {
            return;
        }
        Result install = run(List.of("sh", "-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io"));
        if (install.exit() != 0) {
            throw new TestAbortedException("docker.io is not installed and apt-get could not install it: "
                    + install.output());
        }
    }

    @Override
    public void close() {
        dockerd.destroy();
        try {
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run(List.of("rm", "-rf", dir.toString()));
    }
}
