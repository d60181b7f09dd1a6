package dev.leti.contracts.artifact;

/** Artifact URIs ({@code artifact:<relative path>}) and the rules of their paths, shared by every store backend. */
public final class ArtifactPaths {

    /** URI scheme of stored artifacts. */
    public static final String SCHEME = "artifact:";

    /** Suffix reserved for a stored artifact's checksum file. */
    public static final String CHECKSUM_SUFFIX = ".sha256";

    private ArtifactPaths() {
    }

    /** Whether the URI names a stored artifact ({@code artifact:...}) rather than, say, a built-in. */
    public static boolean isArtifactUri(String uri) {
        return uri != null && uri.startsWith(SCHEME);
    }

    /** The URI of a relative path, e.g. {@code checkpoints/run/iteration-1} -> {@code artifact:checkpoints/run/iteration-1}. */
    public static String uriOf(String relativePath) {
        return SCHEME + checked(relativePath);
    }

    /** The relative path of a URI; the inverse of {@link #uriOf(String)}. */
    public static String relativePathOf(String uri) {
        if (!isArtifactUri(uri)) {
            throw new IllegalArgumentException("not an artifact URI (" + SCHEME + "<relative path>): " + uri);
        }
        return checked(uri.substring(SCHEME.length()));
    }

    /** The path if it is a valid artifact path (relative, /-separated, no dot segments); otherwise an exception naming the rule. */
    public static String checked(String relativePath) {
        if (relativePath == null || relativePath.isEmpty()) {
            throw new IllegalArgumentException("an artifact path must not be empty");
        }
        if (relativePath.startsWith("/") || relativePath.endsWith("/") || relativePath.contains("\\")) {
            throw new IllegalArgumentException("an artifact path is relative and /-separated: " + relativePath);
        }
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new IllegalArgumentException(
                        "an artifact path has no empty, '.', '..' or dot-prefixed segments: " + relativePath);
            }
        }
        if (relativePath.endsWith(CHECKSUM_SUFFIX)) {
            throw new IllegalArgumentException("'" + CHECKSUM_SUFFIX + "' is reserved for checksums: " + relativePath);
        }
        if (relativePath.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an artifact path contains no newline");
        }
        return relativePath;
    }
}
