package dev.leti.spring.artifact;

import dev.leti.contracts.artifact.ArtifactRef;
import java.nio.file.Path;

/**
 * Immutable artifacts (training datasets, checkpoints) addressed by URI
 * {@code artifact:<relative/path>}, each a single file or a directory, each with a SHA-256
 * checksum recorded at write time and verified on every read.
 *
 * <p>Contract every backend keeps:
 * <ul>
 *   <li>Writes are atomic: readers see either no artifact or the complete one, never a
 *       partial write, even if the writer dies half-way.</li>
 *   <li>Artifacts are immutable: writing an existing URI throws {@link ArtifactExistsException}.</li>
 *   <li>Reads verify the content against the recorded {@link ArtifactManifest} (and against the
 *       reference's checksum when it carries one): {@link CorruptArtifactException} on any
 *       mismatch, {@link ArtifactNotFoundException} when there is no complete artifact.</li>
 *   <li>Reads hand back a local path, so model code can read files directly: the directory
 *       backend returns the stored path itself, an object-store backend a verified local copy.
 *       Callers treat it as read-only.</li>
 * </ul>
 * Paths are relative, {@code /}-separated, without {@code .} or {@code ..} segments, without
 * segments starting with {@code .} (reserved for the store's own bookkeeping), not ending in
 * {@code .sha256}, and never inside another artifact.
 */
public interface ArtifactStore {

    /** Fills a fresh staging location with a file or a directory; the path does not exist yet. */
    @FunctionalInterface
    interface ArtifactWriter {
        void writeTo(Path target) throws java.io.IOException;
    }

    /**
     * Stores what {@code writer} creates at the given staging path (a file or a directory) as the
     * artifact {@code artifact:<relativePath>}, atomically.
     *
     * @return the new artifact's reference with its checksum
     * @throws ArtifactExistsException when the URI is taken
     */
    ArtifactRef write(String relativePath, ArtifactWriter writer);

    /** Stores a copy of a local file or directory as {@code artifact:<relativePath>}. */
    default ArtifactRef put(String relativePath, Path source) {
        return write(relativePath, target -> LocalFiles.copyRecursively(source, target));
    }

    /**
     * A verified local path of the artifact. Also checks the reference's checksum when it has one.
     *
     * @throws ArtifactNotFoundException when there is no complete artifact at the URI
     * @throws CorruptArtifactException  when the content does not match its checksum
     */
    Path get(ArtifactRef ref);

    /** {@link #get(ArtifactRef)} for a URI without an expected checksum: verifies against the recorded one. */
    default Path get(String uri) {
        return get(new ArtifactRef(uri, null));
    }

    /** The reference (URI and recorded checksum) of a complete artifact; does not verify the content. */
    ArtifactRef describe(String uri);

    /** Whether a complete artifact exists at the URI. */
    boolean exists(String uri);
}
