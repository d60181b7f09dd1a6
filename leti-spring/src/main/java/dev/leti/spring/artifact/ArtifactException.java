package dev.leti.spring.artifact;

/**
 * An artifact could not be stored or read. Unchecked: a service turns it into an error
 * result on the request that named the artifact and keeps serving.
 */
public class ArtifactException extends RuntimeException {

    private final String uri;

    public ArtifactException(String uri, String message) {
        this(uri, message, null);
    }

    public ArtifactException(String uri, String message, Throwable cause) {
        super(uri + ": " + message, cause);
        this.uri = uri;
    }

    /** The URI of the artifact concerned. */
    public String uri() {
        return uri;
    }
}
