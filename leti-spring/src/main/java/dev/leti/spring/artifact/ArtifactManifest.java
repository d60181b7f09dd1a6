package dev.leti.spring.artifact;

import dev.leti.contracts.artifact.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SHA-256 digests of an artifact's files, independent of where the artifact is stored, so
 * every backend records and verifies artifacts the same way.
 *
 * <p>Its text is in {@code sha256sum} format, so an operator can check an artifact by hand:
 * for a file one line {@code <hex>  <file name>} (check from the parent directory), for a
 * directory one line per file {@code <hex>  <path inside the directory>}, sorted, with
 * {@code /} separators (check from inside the directory). The artifact's checksum is the
 * file's digest for a file and the digest of the manifest text for a directory, so it does
 * not depend on where the artifact lives.
 *
 * @param directory whether the artifact is a directory (a checkpoint) or a single file
 * @param files     digest per file: for a file artifact its single entry is keyed by its name;
 *                  for a directory, by each file's path inside it
 */
public record ArtifactManifest(boolean directory, SortedMap<String, String> files) {

    private static final HexFormat HEX = HexFormat.of();

    public ArtifactManifest {
        files = new TreeMap<>(files);
        if (!directory && files.size() != 1) {
            throw new IllegalArgumentException("a file artifact has exactly one entry: " + files.keySet());
        }
    }

    /** Hashes a file, or every regular file below a directory. Symbolic links are refused. */
    public static ArtifactManifest of(Path source) {
        try {
            if (Files.isSymbolicLink(source)) {
                throw new IllegalArgumentException("artifacts contain no symbolic links: " + source);
            }
            if (Files.isRegularFile(source)) {
                return new ArtifactManifest(false, new TreeMap<>(Map.of(checkedName(source.getFileName().toString()),
                        digest(source))));
            }
            if (!Files.isDirectory(source)) {
                throw new IllegalArgumentException("neither a file nor a directory: " + source);
            }
            SortedMap<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path path : (Iterable<Path>) walk::iterator) {
                    if (Files.isSymbolicLink(path)) {
                        throw new IllegalArgumentException("artifacts contain no symbolic links: " + path);
                    }
                    if (Files.isRegularFile(path)) {
                        String relative = source.relativize(path).toString().replace('\\', '/');
                        files.put(checkedName(relative), digest(path));
                    }
                }
            }
            return new ArtifactManifest(true, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + source, e);
        }
    }

    /** Reads a manifest written by {@link #text()}. */
    public static ArtifactManifest parse(boolean directory, String text) {
        SortedMap<String, String> files = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int separator = line.indexOf("  ");
            if (separator != 64) {
                throw new IllegalArgumentException("not a sha256sum line: " + line);
            }
            files.put(line.substring(separator + 2), line.substring(0, separator));
        }
        return new ArtifactManifest(directory, files);
    }

    /** The manifest in {@code sha256sum} format. */
    public String text() {
        StringBuilder text = new StringBuilder();
        files.forEach((name, digest) -> text.append(digest).append("  ").append(name).append('\n'));
        return text.toString();
    }

    /** The artifact's checksum (hex SHA-256): the file's digest, or the digest of a directory's manifest. */
    public String sha256() {
        if (!directory) {
            return files.values().iterator().next();
        }
        return HEX.formatHex(sha256Digest().digest(text().getBytes(StandardCharsets.UTF_8)));
    }

    /** What differs from the expected manifest, for a person to read; empty when they agree. */
    public List<String> differencesFrom(ArtifactManifest expected) {
        List<String> differences = new ArrayList<>();
        if (directory != expected.directory) {
            differences.add(directory ? "a directory where a file was recorded" : "a file where a directory was recorded");
            return differences;
        }
        expected.files.forEach((name, digest) -> {
            String actual = files.get(name);
            if (actual == null) {
                differences.add("missing " + name);
            } else if (!actual.equals(digest)) {
                differences.add("checksum mismatch in " + name);
            }
        });
        files.keySet().stream().filter(name -> !expected.files.containsKey(name))
                .forEach(name -> differences.add("unexpected " + name));
        return differences;
    }

    /**
     * Checks local content against this recorded manifest.
     *
     * @throws CorruptArtifactException naming every missing, changed or unexpected file
     */
    void verifyContent(String uri, Path content) {
        List<String> differences;
        try {
            differences = of(content).differencesFrom(this);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new CorruptArtifactException(uri, "cannot read its content: " + e.getMessage());
        }
        if (!differences.isEmpty()) {
            throw new CorruptArtifactException(uri, String.join(", ", differences));
        }
    }

    /** Checks this recorded manifest against the checksum a reference expects, when it has one. */
    void verifyChecksum(ArtifactRef ref) {
        if (ref.sha256() != null && !ref.sha256().equalsIgnoreCase(sha256())) {
            throw new CorruptArtifactException(ref.uri(), "checksum " + sha256() + " differs from the expected " + ref.sha256());
        }
    }

    static String digest(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HEX.formatHex(digest.digest());
    }

    private static String checkedName(String name) {
        // sha256sum escapes these characters; refusing them keeps the manifest format plain.
        if (name.indexOf('\n') >= 0 || name.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("artifact file names contain no newline or backslash: " + name);
        }
        return Objects.requireNonNull(name);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
