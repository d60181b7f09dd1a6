package dev.leti.spring.artifact;

/** Artifacts are immutable: a second write to the same URI is refused. */
public class ArtifactExistsException extends ArtifactException {

    public ArtifactExistsException(String uri) {
        super(uri, "artifact already exists and artifacts are immutable");
    }
}
