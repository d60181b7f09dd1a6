package dev.leti.contracts.artifact;

/** Validation of artifact paths, shared by every backend. */
final class ArtifactPaths {

    static final String CHECKSUM_SUFFIX = ".sha256";

    private ArtifactPaths() {
    }

    /** The path if it is a valid artifact path (see {@link ArtifactStore}); otherwise an exception naming the rule. */
    static String checked(String relativePath) {
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
