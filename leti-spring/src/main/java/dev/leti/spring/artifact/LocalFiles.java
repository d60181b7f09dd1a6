package dev.leti.spring.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Local file chores every backend needs: staging a write, copying a source, clearing up. */
final class LocalFiles {

    private LocalFiles() {
    }

    /**
     * Lets the writer fill {@code staged} (in a fresh private folder) and hashes what it made.
     *
     * @throws ArtifactException when the writer made nothing
     */
    static ArtifactManifest stage(String uri, ArtifactStore.ArtifactWriter writer, Path staged) throws IOException {
        writer.writeTo(staged);
        if (!Files.exists(staged)) {
            throw new ArtifactException(uri, "the writer created nothing at " + staged);
        }
        return ArtifactManifest.of(staged);
    }

    static void copyRecursively(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }

    static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
