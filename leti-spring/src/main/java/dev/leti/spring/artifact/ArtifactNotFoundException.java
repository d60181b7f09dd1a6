package dev.leti.spring.artifact;

/** No complete artifact exists at the URI (never written, or its write was interrupted). */
public class ArtifactNotFoundException extends ArtifactException {

    public ArtifactNotFoundException(String uri) {
        super(uri, "no such artifact");
    }
}
