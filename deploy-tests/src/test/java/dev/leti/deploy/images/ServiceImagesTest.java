package dev.leti.deploy.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.leti.deploy.RepositoryFiles;
import dev.leti.executor.sandbox.DockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The images, built for real from the Dockerfile and started: on a private Docker engine (the
 * executor's {@link DockerEngine}; the test is skipped, saying why, where none can start) and on a
 * base assembled from the host in place of the public base images, which no registry here can
 * provide (the Dockerfile takes its bases as build arguments; {@code images/ci-base}), each with the
 * build arguments docker-compose.yml passes. Generator and trainer are built on the {@code model-cpu}
 * runtime, as docker-compose.cpu.yml builds them: {@code model-cuda} needs {@code nvidia/cuda} and a
 * libtorch download, and is not built here. Containers have no network:
 * executor, generator and trainer must answer {@code /readyz} UP without Kafka, and the executor must
 * run a program in its process sandbox; the orchestrator cannot start without PostgreSQL and must get
 * as far as failing on exactly that. Prints each image's size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceImagesTest {

    private static final String ROOTFS = "leti-host-rootfs:test";
    private static final String BASE = "leti-ci-base:test";
    private static final String JRE = "/usr/lib/jvm/java-17-openjdk-amd64";
    /** What the Dockerfile's base images and apt-get lines provide (the executor's script adds python3). */
    private static final List<String> HOST_PATHS = List.of(JRE + "/bin", JRE + "/lib", JRE + "/conf", JRE + "/release",
            "/usr/bin/java", "/usr/bin/curl", "/usr/share/ca-certificates", "/usr/bin/bwrap", "/usr/bin/setpriv",
            "/usr/bin/prlimit", "/usr/sbin/useradd", "/usr/bin/install", "/usr/bin/rm", "/usr/bin/dash", "/usr/bin/sh");
    private static final List<String> BASE_FILES = List.of("Dockerfile", "apt-get", "etc/passwd", "etc/group",
            "etc/shadow", "etc/gshadow");
    private static final String READ_KEY = "images-test-read-key";
    private static final String WRITE_KEY = "images-test-write-key";
    /** No broker to wait for: the services' Kafka admin gives up on their topics at once. */
    private static final List<String> NO_KAFKA = List.of("-e", "SPRING_KAFKA_ADMIN_OPERATION_TIMEOUT=2s",
            "-e", "LETI_API_READ_KEY=" + READ_KEY, "-e", "LETI_API_WRITE_KEY=" + WRITE_KEY);

    private DockerEngine engine;
    private Path work;
    private final Map<String, Long> sizes = new TreeMap<>();

    @BeforeAll
    void assembleTheBase() throws IOException {
        for (String service : DockerfilesTest.PORTS.keySet()) {
            Path jar = RepositoryFiles.resolve(service + "/target/" + service + ".jar");
            assumeTrue(Files.isRegularFile(jar), "not built yet: " + jar);
        }
        assumeTrue(Files.isDirectory(Path.of(JRE)), "no OpenJDK 17 at " + JRE + " to assemble the base image from");
        engine = DockerEngine.start();
        work = Files.createTempDirectory("leti-images-");
        engine.importImage(ROOTFS, HOST_PATHS);
        Path context = Files.createDirectories(work.resolve("ci-base"));
        for (String file : BASE_FILES) {
            Path target = context.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = ServiceImagesTest.class.getResourceAsStream("/images/ci-base/" + file)) {
                Files.copy(in, target);
            }
        }
        Files.setPosixFilePermissions(context.resolve("apt-get"), PosixFilePermissions.fromString("rwxr-xr-x"));
        docker("build", "--network", "none", "--build-arg", "ROOTFS=" + ROOTFS, "-t", BASE, context.toString());
    }

    @Test
    void executorImageIsReadyAndRunsAProgramInItsSandbox() throws IOException {
        String image = build("executor-service");
        // What compose's privileged: true gives, less CAP_SYS_RESOURCE, which the test machine may lack.
        String container = start(image, List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
                "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
                "--security-opt", "systempaths=unconfined", "--tmpfs", "/tmp:size=512m"));
        awaitReady(container, 8082);

        String result = docker("exec", container, "curl", "-fsS", "-X", "POST", "-H", "X-API-Key: " + WRITE_KEY,
                "-H", "Content-Type: application/json", "-d",
                "{\"program\":\"def add(a, b):\\n    return a + b\\n\",\"tests\":\"assert add(1, 2) == 3\",\"format\":\"MBPP\"}",
                "http://localhost:8082/api/v1/executions");
        assertThat(result).contains("\"outcome\":\"PASSED\"", "\"backend\":\"process\"");
        docker("rm", "-f", container);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generator-service", "trainer-service"})
    void modelServiceImageIsReadyOnTheCpu(String service) throws IOException {
        String container = start(build(service), List.of());
        awaitReady(container, DockerfilesTest.PORTS.get(service));
        docker("rm", "-f", container);
    }

    @Test
    void orchestratorImageStartsUntilItNeedsPostgres() throws IOException {
        List<String> run = new ArrayList<>(List.of("run", "--name", "orchestrator-service", "--network", "none"));
        run.addAll(NO_KAFKA);
        run.add(build("orchestrator-service"));
        DockerEngine.Result result = engine.docker(run.toArray(String[]::new));

        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("Starting OrchestratorApplication", "Tomcat initialized with port 8080",
                "Unable to obtain connection from database: Connection to localhost:5432 refused");
        docker("rm", "-f", "orchestrator-service");
    }

    @Test
    void sandboxImageRunsPythonWithSeccompAsNobody() throws IOException {
        String image = "leti-sandbox-python:ci";
        Path sandbox = RepositoryFiles.resolve("executor-service/sandbox-image");
        docker("build", "--network", "none", "--build-arg", "DEBIAN_IMAGE=" + BASE, "-t", image, sandbox.toString());
        sizes.put(image, size(image));

        assertThat(docker("run", "--rm", "--network", "none", "--read-only", image, "python3", "-c",
                "import os, seccomp; print('uid', os.getuid())")).contains("uid 65534");
    }

    @AfterAll
    void printSizesAndStop() throws IOException {
        if (engine == null) {
            return;
        }
        sizes.forEach((image, bytes) -> System.out.printf("image %s: %d bytes (%.0f MB)%n", image, bytes, bytes / 1e6));
        engine.close();
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Builds a service's image from its Dockerfile, on the assembled base, from a context holding only its jar. */
    private String build(String service) throws IOException {
        Path context = Files.createDirectories(work.resolve(service).resolve("target"));
        Path jar = RepositoryFiles.resolve(service + "/target/" + service + ".jar");
        try {
            Files.createLink(context.resolve(jar.getFileName()), jar);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(jar, context.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        String image = "leti/" + service + ":ci";
        List<String> build = new ArrayList<>(List.of("build", "--network", "none", "-t", image,
                "-f", RepositoryFiles.dockerfile().toString()));
        Map<String, String> arguments = new TreeMap<>(RepositoryFiles.imageBuildArguments(service));
        // No CUDA here: the model services are built for the CPU, as docker-compose.cpu.yml does.
        arguments.replace("RUNTIME", "model-cuda", "model-cpu");
        for (String base : List.of("JRE_IMAGE", "DEBIAN_IMAGE", "CUDA_IMAGE")) {
            arguments.put(base, BASE);
        }
        // The classic builder builds every stage: no libtorch download (model-cuda is not built for real).
        arguments.put("LIBTORCH_URL", "");
        arguments.forEach((name, value) -> build.addAll(List.of("--build-arg", name + "=" + value)));
        build.add(context.getParent().toString());
        docker(build.toArray(String[]::new));
        sizes.put(image, size(image));
        return image;
    }

    private String start(String image, List<String> options) {
        String container = image.substring("leti/".length(), image.indexOf(':'));
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", container, "--network", "none"));
        run.addAll(options);
        run.addAll(NO_KAFKA);
        run.add(image);
        docker(run.toArray(String[]::new));
        return container;
    }

    /** Until the container's own /readyz answers UP; fails with its log if it stops first. */
    private void awaitReady(String container, int port) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            if (!docker("inspect", "--format", "{{.State.Running}}", container).strip().equals("true")) {
                throw new AssertionError(container + " stopped:\n" + engine.docker("logs", container).output());
            }
            DockerEngine.Result ready = engine.docker("exec", container, "curl", "-fsS",
                    "http://localhost:" + port + "/readyz");
            return ready.exit() == 0 && ready.output().contains("\"UP\"");
        });
    }

    private long size(String image) {
        return Long.parseLong(docker("image", "inspect", "--format", "{{.Size}}", image).strip());
    }

    /** Runs the docker client; fails with its output unless it succeeds. */
    private String docker(String... arguments) {
        DockerEngine.Result result = engine.docker(arguments);
        assertThat(result.exit()).as("docker %s:\n%s", String.join(" ", arguments), result.output()).isZero();
        return result.output();
    }
}
