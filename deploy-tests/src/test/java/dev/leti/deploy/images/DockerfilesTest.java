package dev.leti.deploy.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.leti.deploy.RepositoryFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The services' Dockerfiles: each one's layer extraction, run for real on the built jar, yields exactly
 * the directories the Dockerfile copies, and the image listens where compose and the chart expect it.
 */
class DockerfilesTest {

    static final Map<String, Integer> PORTS = Map.of(
            "orchestrator-service", 8080, "generator-service", 8081, "executor-service", 8082, "trainer-service", 8083);
    private static final Pattern EXTRACT = Pattern.compile(
            "RUN (java -Djarmode=tools -jar app\\.jar extract --layers --launcher --destination (\\S+))");
    private static final Pattern BASE_ARGUMENT = Pattern.compile("(?m)^ARG (\\w+_IMAGE)=(\\S+)$");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM (\\S+)");
    private static final Pattern COPY_LAYER = Pattern.compile("COPY --from=layers /build/extracted/([\\w-]+)/ \\./");

    @ParameterizedTest
    @ValueSource(strings = {"orchestrator-service", "generator-service", "executor-service", "trainer-service"})
    void imageRunsTheLayeredJarOnTheServicePort(String service) throws IOException {
        String dockerfile = buildArguments(service).entrySet().stream().reduce(dockerfile(service),
                (text, argument) -> text.replace("${" + argument.getKey() + "}", argument.getValue()), (a, b) -> b);

        assertThat(dockerfile)
                .contains("COPY target/" + service + ".jar app.jar")
                .containsPattern(EXTRACT)
                .contains("EXPOSE " + PORTS.get(service))
                .contains("SERVER_PORT=" + PORTS.get(service))
                .contains("/readyz")
                .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generator-service", "trainer-service"})
    void modelServicesRunOnCudaWithTheMatchingExternalLibtorch(String service) throws IOException {
        assertThat(dockerfile(service))
                .containsPattern("ARG CUDA_IMAGE=nvidia/cuda:12\\.8\\.\\d+-")
                .contains("libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip")
                .contains("PYTORCH_LIBRARY_PATH=/opt/libtorch/lib", "PYTORCH_VERSION=2.7.1", "PYTORCH_FLAVOR=cu128",
                        "DJL_OFFLINE=true");
        // The model's tensors live off-heap: one malloc arena, the serial collector, a small initial heap.
        assertThat(dockerfile(service)).contains("MALLOC_ARENA_MAX=1");
        assertThat(RepositoryFiles.imageJavaToolOptions(service)).contains("-XX:+UseSerialGC", "-Xms32m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"executor-service"})
    void executorImageCarriesTheProcessSandboxTools(String service) throws IOException {
        assertThat(dockerfile(service)).contains("python3 bubblewrap python3-seccomp util-linux");
    }

    /** Production builds keep the public bases; deploy-tests' ServiceImagesTest substitutes one assembled from the host. */
    @ParameterizedTest
    @ValueSource(strings = {"orchestrator-service", "generator-service", "executor-service", "trainer-service"})
    void baseImagesAreBuildArgumentsDefaultingToThePublicImages(String service) throws IOException {
        String dockerfile = dockerfile(service);
        Map<String, String> bases = BASE_ARGUMENT.matcher(dockerfile).results()
                .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));

        assertThat(bases).containsEntry("JRE_IMAGE", "eclipse-temurin:17-jre")
                .allSatisfy((name, image) -> assertThat(image).matches(
                        "eclipse-temurin:17-jre|debian:bookworm-slim|nvidia/cuda:12\\.8\\.\\d+-base-ubuntu24\\.04"));
        assertThat(FROM.matcher(dockerfile).results().map(m -> m.group(1)))
                .isNotEmpty()
                .allSatisfy(base -> assertThat(base).isIn(bases.keySet().stream().map(name -> "${" + name + "}").toList()));
    }

    /** Spring Boot's own extraction, as the Dockerfile runs it, on the jar the build produced. */
    @ParameterizedTest
    @ValueSource(strings = {"orchestrator-service", "generator-service", "executor-service", "trainer-service"})
    void extractionYieldsTheLayersTheDockerfileCopies(String service, @TempDir Path build) throws Exception {
        Path jar = RepositoryFiles.resolve(service + "/target/" + service + ".jar");
        assumeTrue(Files.isRegularFile(jar), "not built yet: " + jar);
        String dockerfile = dockerfile(service);
        Matcher extract = EXTRACT.matcher(dockerfile);
        assertThat(extract.find()).isTrue();
        Files.copy(jar, build.resolve("app.jar"));

        List<String> command = List.of(extract.group(1).replaceFirst("^java", javaBinary()).split(" "));
        Process process = new ProcessBuilder(command).directory(build.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        Path extracted = build.resolve(extract.group(2));
        // The model Dockerfile's cpu and CUDA stages copy the same layers.
        List<String> copied = COPY_LAYER.matcher(dockerfile).results().map(m -> m.group(1)).distinct().toList();
        try (var layers = Files.list(extracted)) {
            assertThat(layers.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyInAnyOrderElementsOf(copied);
        }
        assertThat(extracted.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                .isRegularFile();
        assertThat(extracted.resolve("application/BOOT-INF/classes")).isDirectory();
    }

    private static String dockerfile(String service) throws IOException {
        return Files.readString(RepositoryFiles.dockerfile(service));
    }

    /** The build arguments docker-compose.yml passes for a service's image (none for a Dockerfile of its own). */
    private static Map<String, String> buildArguments(String service) throws IOException {
        if (!RepositoryFiles.MODEL_SERVICES.contains(service)) {
            return Map.of();
        }
        String compose = Files.readString(RepositoryFiles.resolve("docker-compose.yml"));
        Matcher build = Pattern.compile("context: \\./" + service + "\n\\s+dockerfile: \\.\\./docker/model-service\\.Dockerfile\n"
                + "\\s+args: \\{SERVICE: ([\\w-]+), PORT: \"(\\d+)\"}").matcher(compose);
        assertThat(build.find()).as("docker-compose.yml builds %s from docker/model-service.Dockerfile", service).isTrue();
        return Map.of("SERVICE", build.group(1), "PORT", build.group(2));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
