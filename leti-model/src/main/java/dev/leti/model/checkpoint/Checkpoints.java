package dev.leti.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where checkpoints come from and how they are published. A checkpoint is a directory of
 * {@code config.json}, {@code model.safetensors} and tokenizer files (Hugging Face Llama
 * layout). Once published it never changes: {@link #publish} writes into a hidden sibling
 * directory, fsyncs every file, then renames it into place, so a reader sees either no
 * checkpoint or a complete one.
 */
public final class Checkpoints {

    /** Prefix of references to models shipped inside this library. */
    public static final String BUILTIN_PREFIX = "builtin:";
    /** Classpath folder of the built-in models ({@code builtin:leti-tiny} lives in {@code leti-tiny/} under it). */
    public static final String BUILTIN_ROOT = "dev/leti/model/builtin/";
    /** File name of the weights. */
    public static final String WEIGHTS_FILE = "model.safetensors";

    private Checkpoints() {
    }

    /** Writes the files of a directory that is being published. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void writeInto(Path directory) throws IOException;
    }

    /** A checkpoint stored in a directory. */
    public static CheckpointSource directory(Path directory) {
        return new DirectorySource(directory);
    }

    /** A built-in checkpoint shipped on the classpath, for example {@code leti-tiny}. */
    public static CheckpointSource builtin(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("not a built-in model name: " + name);
        }
        return new ClasspathSource(Checkpoints.class.getClassLoader(), BUILTIN_ROOT + name + "/");
    }

    /** {@code builtin:NAME} or a directory path. */
    public static CheckpointSource resolve(String reference) {
        if (reference.startsWith(BUILTIN_PREFIX)) {
            return builtin(reference.substring(BUILTIN_PREFIX.length()));
        }
        return directory(Path.of(reference));
    }

    /**
     * Publishes a directory atomically: the writer fills a temporary sibling, everything is
     * fsynced, and the sibling is renamed to {@code target}. Fails if {@code target} exists.
     */
    public static void publish(Path target, DirectoryWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "checkpoints are immutable");
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".partial-");
        try {
            writer.writeInto(staging);
            for (Path file : list(staging)) {
                fsync(file, StandardOpenOption.WRITE);
            }
            fsync(staging, StandardOpenOption.READ);
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
            fsync(parent, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(staging);
            throw e;
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static void fsync(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover hidden staging directory is never read as a checkpoint
        }
    }

    /** A checkpoint directory on a file system. */
    public record DirectorySource(Path directory) implements CheckpointSource {

        @Override
        public InputStream open(String fileName) throws IOException {
            return Files.newInputStream(file(fileName));
        }

        @Override
        public boolean exists(String fileName) {
            return Files.isRegularFile(directory.resolve(fileName));
        }

        @Override
        public String describe() {
            return directory.toString();
        }

        /** The path of one of its files, which must exist. */
        public Path file(String fileName) throws NoSuchFileException {
            Path file = directory.resolve(fileName);
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "not in checkpoint " + directory);
            }
            return file;
        }
    }

    /** A checkpoint inside the classpath. */
    record ClasspathSource(ClassLoader loader, String base) implements CheckpointSource {

        @Override
        public InputStream open(String fileName) throws IOException {
            InputStream in = loader.getResourceAsStream(base + fileName);
            if (in == null) {
                throw new NoSuchFileException("classpath:" + base + fileName);
            }
            return in;
        }

        @Override
        public boolean exists(String fileName) {
            return loader.getResource(base + fileName) != null;
        }

        @Override
        public String describe() {
            return "classpath:" + base;
        }
    }
}
