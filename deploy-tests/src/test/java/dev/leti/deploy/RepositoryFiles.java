package dev.leti.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
