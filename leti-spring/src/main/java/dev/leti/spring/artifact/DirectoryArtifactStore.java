package dev.leti.spring.artifact;

import dev.leti.contracts.artifact.ArtifactPaths;
import dev.leti.contracts.artifact.ArtifactRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Artifacts as plain files and directories under one root directory: a local disk, a
 * compose volume or a Kubernetes ReadWriteMany volume shared by the services.
 *
 * <p>Layout: artifact {@code artifact:a/b} lives at {@code <root>/a/b}, its manifest
 * ({@link ArtifactManifest}, {@code sha256sum} format) at {@code <root>/a/b.sha256}. A write
 * is staged under {@code <root>/.staging/}, moved into place, and committed by creating the
 * manifest last; both steps refuse to replace what exists, so of two writers of one URI
 * exactly one wins. Content without a manifest is the remainder of an interrupted write:
 * invisible to readers and replaced by the next write.
 */
public final class DirectoryArtifactStore implements ArtifactStore {

    private static final String STAGING = ".staging";

    private final Path root;
    private final Path staging;

    public DirectoryArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact store at " + this.root, e);
        }
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    @Override
    public ArtifactRef write(String relativePath, ArtifactWriter writer) {
        String uri = ArtifactPaths.uriOf(relativePath);
        Path target = root.resolve(relativePath);
        Path manifestFile = manifestFileOf(target);
        refuseIfTaken(uri, relativePath, target, manifestFile);
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory(staging, "write-");
            Path staged = workDir.resolve(target.getFileName());
            ArtifactManifest manifest = LocalFiles.stage(uri, writer, staged);
            Path stagedManifest = Files.writeString(workDir.resolve(manifestFile.getFileName()), manifest.text());
            Files.createDirectories(target.getParent());
            placeExclusively(uri, staged, target);
            // The commit point: readers only see artifacts whose manifest exists.
            Files.createLink(manifestFile, stagedManifest);
            return new ArtifactRef(uri, manifest.sha256());
        } catch (FileAlreadyExistsException e) {
            throw new ArtifactExistsException(uri);
        } catch (IOException e) {
            throw new ArtifactException(uri, "cannot write: " + e, e);
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
    }

    @Override
    public Path get(ArtifactRef ref) {
        String uri = ref.uri();
        Path target = root.resolve(ArtifactPaths.relativePathOf(uri));
        ArtifactManifest recorded = recordedManifest(uri, target);
        recorded.verifyContent(uri, target);
        recorded.verifyChecksum(ref);
        return target;
    }

    @Override
    public ArtifactRef describe(String uri) {
        Path target = root.resolve(ArtifactPaths.relativePathOf(uri));
        return new ArtifactRef(uri, recordedManifest(uri, target).sha256());
    }

    @Override
    public boolean exists(String uri) {
        Path target = root.resolve(ArtifactPaths.relativePathOf(uri));
        return Files.exists(manifestFileOf(target)) && Files.exists(target);
    }

    private ArtifactManifest recordedManifest(String uri, Path target) {
        Path manifestFile = manifestFileOf(target);
        if (!Files.exists(manifestFile)) {
            throw new ArtifactNotFoundException(uri);
        }
        if (!Files.exists(target)) {
            throw new CorruptArtifactException(uri, "its manifest exists but its content is gone");
        }
        try {
            return ArtifactManifest.parse(Files.isDirectory(target), Files.readString(manifestFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptArtifactException(uri, "unreadable manifest " + manifestFile + ": " + e.getMessage());
        }
    }

    private void refuseIfTaken(String uri, String relativePath, Path target, Path manifestFile) {
        if (Files.exists(manifestFile)) {
            throw new ArtifactExistsException(uri);
        }
        for (Path ancestor = Path.of(relativePath).getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            if (Files.exists(manifestFileOf(root.resolve(ancestor)))) {
                throw new IllegalArgumentException(uri + " lies inside the artifact artifact:"
                        + ancestor.toString().replace('\\', '/'));
            }
        }
        if (Files.exists(target)) {
            if (containsArtifacts(target)) {
                throw new IllegalArgumentException(uri + " is a folder holding other artifacts");
            }
            LocalFiles.deleteRecursively(target);
        }
    }

    private static void placeExclusively(String uri, Path staged, Path target) throws IOException {
        try {
            if (Files.isDirectory(staged)) {
                // rename(2) of a directory never replaces a non-empty directory.
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // A hard link, unlike rename(2), fails when the target exists.
                Files.createLink(target, staged);
            }
        } catch (DirectoryNotEmptyException e) {
            throw new ArtifactExistsException(uri);
        }
    }

    private static boolean containsArtifacts(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.anyMatch(path -> path.getFileName().toString().endsWith(ArtifactPaths.CHECKSUM_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path manifestFileOf(Path target) {
        return target.resolveSibling(target.getFileName() + ArtifactPaths.CHECKSUM_SUFFIX);
    }
}
