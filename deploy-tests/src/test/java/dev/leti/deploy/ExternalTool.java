package dev.leti.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A command-line tool from a Debian package (docker-compose, promtool, prometheus) that a test runs.
 * On CI (environment CI=true, where .ci/run installs the packages) a missing tool fails the test;
 * elsewhere the test is skipped with the package to install.
 */
public record ExternalTool(String command, String debianPackage) {

    public static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose", "docker-compose");
    public static final ExternalTool PROMTOOL = new ExternalTool("promtool", "prometheus");
    public static final ExternalTool PROMETHEUS = new ExternalTool("prometheus", "prometheus");

    /** The tool's path; fails on CI and skips elsewhere when it is not installed. */
    public Path require() {
        Optional<Path> path = find();
        String missing = command + " is not on PATH: apt-get install " + debianPackage;
        if (path.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + " (.ci/run installs it)");
        }
        assumeTrue(path.isPresent(), missing);
        return path.get();
    }

    private Optional<Path> find() {
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String directory : pathVariable.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool to completion in a directory; stdout and stderr together. */
    public Result run(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        return run(workingDirectory, Map.of(), arguments);
    }

    /**
     * {@link #run(Path, String...)} with environment variables set (a null value removes the
     * variable).
     */
    public Result run(Path workingDirectory, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(require().toString());
        commandLine.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    public record Result(int exitCode, String output) {
    }
}
