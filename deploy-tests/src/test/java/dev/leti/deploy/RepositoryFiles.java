package dev.leti.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of the repository these tests check (the deployment files live outside this module). */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: set by the build (surefire), or the parent of the module directory. */
    public static Path root() {
        String configured = System.getProperty("leti.repository.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** The two services that run the model share one Dockerfile, built with SERVICE and PORT arguments. */
    public static final java.util.Set<String> MODEL_SERVICES = java.util.Set.of("generator-service", "trainer-service");

    /** The Dockerfile a service's image is built from. */
    public static Path dockerfile(String service) {
        return resolve(MODEL_SERVICES.contains(service) ? "docker/model-service.Dockerfile" : service + "/Dockerfile");
    }

    /** The JVM options a service's image sets ({@code JAVA_TOOL_OPTIONS} in its Dockerfile). */
    public static String imageJavaToolOptions(String service) {
        try {
            Matcher options = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                    .matcher(Files.readString(dockerfile(service)));
            if (!options.find()) {
                throw new IllegalStateException(service + "/Dockerfile sets no JAVA_TOOL_OPTIONS");
            }
            return options.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
