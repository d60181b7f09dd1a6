package dev.leti.spring.artifact;

/** The artifact's content does not match its recorded or expected SHA-256 checksum. */
public class CorruptArtifactException extends ArtifactException {

    public CorruptArtifactException(String uri, String message) {
        super(uri, "corrupt artifact: " + message);
    }
}
