package dev.leti.spring.artifact;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where artifacts live ({@code leti.artifacts.*}, env {@code LETI_ARTIFACTS_ROOT}).
 *
 * @param root the store's root directory, shared by every service that reads or writes artifacts
 *             (default {@code .leti/artifacts}, relative to the working directory)
 */
@ConfigurationProperties("leti.artifacts")
public record ArtifactStoreProperties(Path root) {

    public ArtifactStoreProperties {
        root = root == null ? Path.of(".leti/artifacts") : root;
    }
}
