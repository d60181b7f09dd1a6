package dev.leti.contracts.artifact;

import java.util.Objects;

/**
 * A reference to an immutable artifact (a checkpoint or a training dataset).
 *
 * @param uri    where it lives, e.g. {@code artifact:checkpoints/<run>/iteration-1} or
 *               {@code builtin:leti-tiny}
 * @param sha256 hex SHA-256 the reader verifies; null only for built-in artifacts
 */
public record ArtifactRef(String uri, String sha256) {

    public ArtifactRef {
        Objects.requireNonNull(uri, "uri");
    }
}
