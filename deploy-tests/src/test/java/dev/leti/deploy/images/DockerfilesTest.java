package dev.leti.deploy.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.leti.deploy.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The one Dockerfile of the services' images: its layer extraction, run for real on each built jar,
 * yields exactly the directories it copies; each service, with the build arguments docker-compose.yml
 * passes, listens where compose and the chart expect it, on the runtime it needs.
 */
class DockerfilesTest {

    static final Map<String, Integer> PORTS = Map.of(
            "orchestrator-service", 8080, "generator-service", 8081, "executor-service", 8082, "trainer-service", 8083);
    /** The runtime stages a service's RUNTIME argument may name. */
    static final List<String> RUNTIMES = List.of("jre", "sandbox", "model-cpu", "model-cuda");
    private static final Pattern EXTRACT = Pattern.compile(
            "RUN (java -Djarmode=tools -jar app\\.jar extract --layers --launcher --destination (\\S+))");
    private static final Pattern BASE_ARGUMENT = Pattern.compile("(?m)^ARG (\\w+_IMAGE)=(\\S+)$");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM (\\S+)");
    private static final Pattern COPY_LAYER = Pattern.compile("COPY --from=layers /build/extracted/([\\w-]+)/ \\./");

    @ParameterizedTest
    @ValueSource(strings = {"orchestrator-service", "generator-service", "executor-service", "trainer-service"})
    void imageRunsTheLayeredJarOnTheServicePort(String service) throws IOException {
        Map<String, String> arguments = RepositoryFiles.imageBuildArguments(service);
        assertThat(arguments).containsEntry("SERVICE", service).containsEntry("PORT", String.valueOf(PORTS.get(service)))
                .containsKey("RUNTIME");
        assertThat(RUNTIMES).contains(arguments.get("RUNTIME"));
        String dockerfile = arguments.entrySet().stream().reduce(dockerfile(),
                (text, argument) -> text.replace("${" + argument.getKey() + "}", argument.getValue()), (a, b) -> b);

        assertThat(dockerfile)
                .contains("COPY target/" + service + ".jar app.jar")
                .containsPattern(EXTRACT)
                .contains("FROM " + arguments.get("RUNTIME") + "\n")
                .contains("EXPOSE " + PORTS.get(service))
                .contains("SERVER_PORT=" + PORTS.get(service))
                .contains("/readyz")
                .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    @Test
    void everyServiceRunsOnTheRuntimeItNeeds() {
        assertThat(RepositoryFiles.imageBuildArguments("orchestrator-service")).containsEntry("RUNTIME", "jre");
        assertThat(RepositoryFiles.imageBuildArguments("executor-service")).containsEntry("RUNTIME", "sandbox");
        for (String service : List.of("generator-service", "trainer-service")) {
            assertThat(RepositoryFiles.imageBuildArguments(service)).as(service).containsEntry("RUNTIME", "model-cuda");
        }
        assertThat(RepositoryFiles.imageStages()).containsKeys(RUNTIMES.toArray(String[]::new));
    }

    @Test
    void modelRuntimesRunOnCudaWithTheMatchingExternalLibtorchOrOnTheCpu() {
        Map<String, String> stages = RepositoryFiles.imageStages();
        assertThat(stages.get("model-cuda"))
                .contains("LETI_MODEL_DEVICE=cuda", "PYTORCH_LIBRARY_PATH=/opt/libtorch/lib", "PYTORCH_VERSION=2.7.1",
                        "PYTORCH_FLAVOR=cu128", "DJL_OFFLINE=true");
        assertThat(stages.get("libtorch")).contains("libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip");
        assertThat(dockerfile()).containsPattern("ARG CUDA_IMAGE=nvidia/cuda:12\\.8\\.\\d+-");
        assertThat(stages.get("model-cpu")).contains("LETI_MODEL_DEVICE=cpu", "DJL_OFFLINE=true")
                .doesNotContain("PYTORCH_LIBRARY_PATH");
        // The model's tensors live off-heap: one malloc arena, the serial collector, a small initial heap.
        for (String runtime : List.of("model-cpu", "model-cuda")) {
            assertThat(stages.get(runtime)).as(runtime).contains("MALLOC_ARENA_MAX=1");
            assertThat(RepositoryFiles.runtimeJavaToolOptions(runtime)).as(runtime).contains("-XX:+UseSerialGC", "-Xms32m");
        }
        assertThat(RepositoryFiles.runtimeJavaToolOptions("model-cpu"))
                .isEqualTo(RepositoryFiles.runtimeJavaToolOptions("model-cuda"));
    }

    @Test
    void sandboxRuntimeCarriesTheProcessSandboxToolsAndRunsAsRoot() {
        String sandbox = RepositoryFiles.imageStages().get("sandbox");
        assertThat(sandbox).contains("python3 bubblewrap python3-seccomp util-linux", "LETI_EXECUTOR_BACKEND=process")
                .doesNotContain("USER ");
        for (String runtime : List.of("jre", "model-cuda")) {
            assertThat(RepositoryFiles.imageStages().get(runtime)).as(runtime).contains("USER 10001:10001");
        }
    }

    /** Production builds keep the public bases; deploy-tests' ServiceImagesTest substitutes one assembled from the host. */
    @Test
    void baseImagesAreBuildArgumentsDefaultingToThePublicImages() {
        String dockerfile = dockerfile();
        Map<String, String> bases = BASE_ARGUMENT.matcher(dockerfile).results()
                .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));

        assertThat(bases).containsOnlyKeys("JRE_IMAGE", "DEBIAN_IMAGE", "CUDA_IMAGE")
                .containsEntry("JRE_IMAGE", "eclipse-temurin:17-jre")
                .allSatisfy((name, image) -> assertThat(image).matches(
                        "eclipse-temurin:17-jre|debian:bookworm-slim|nvidia/cuda:12\\.8\\.\\d+-base-ubuntu24\\.04"));
        List<String> allowed = new ArrayList<>(bases.keySet().stream().map(name -> "${" + name + "}").toList());
        allowed.addAll(List.of("jre", "${RUNTIME}"));
        assertThat(FROM.matcher(dockerfile).results().map(m -> m.group(1))).isNotEmpty().allSatisfy(base ->
                assertThat(base).isIn(allowed));
        assertThat(dockerfile).containsPattern("(?m)^ARG RUNTIME=jre$");
    }

    /** Spring Boot's own extraction, as the Dockerfile runs it, on the jar the build produced. */
    @ParameterizedTest
    @ValueSource(strings = {"orchestrator-service", "generator-service", "executor-service", "trainer-service"})
    void extractionYieldsTheLayersTheDockerfileCopies(String service, @TempDir Path build) throws Exception {
        Path jar = RepositoryFiles.resolve(service + "/target/" + service + ".jar");
        assumeTrue(Files.isRegularFile(jar), "not built yet: " + jar);
        String dockerfile = dockerfile();
        Matcher extract = EXTRACT.matcher(dockerfile);
        assertThat(extract.find()).isTrue();
        Files.copy(jar, build.resolve("app.jar"));

        List<String> command = List.of(extract.group(1).replaceFirst("^java", javaBinary()).split(" "));
        Process process = new ProcessBuilder(command).directory(build.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        Path extracted = build.resolve(extract.group(2));
        List<String> copied = COPY_LAYER.matcher(dockerfile).results().map(m -> m.group(1)).toList();
        try (var layers = Files.list(extracted)) {
            assertThat(layers.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyInAnyOrderElementsOf(copied);
        }
        assertThat(extracted.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                .isRegularFile();
        assertThat(extracted.resolve("application/BOOT-INF/classes")).isDirectory();
    }

    private static String dockerfile() {
        try {
            return Files.readString(RepositoryFiles.dockerfile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
