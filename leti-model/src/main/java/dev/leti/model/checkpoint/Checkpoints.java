package dev.leti.model.checkpoint;

import ai.djl.ndarray.NDArray;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import java.io.FileNotFoundException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where checkpoints come from and how they are published. A checkpoint is a directory of
 * {@code config.json}, {@code model.safetensors} (or shards listed by
 * {@code model.safetensors.index.json}) and tokenizer files: the Hugging Face layout. Once published it never changes: {@link #publish} writes into a hidden sibling
 * directory, fsyncs every file, then renames it into place, so a reader sees either no
 * checkpoint or a complete one.
 */
public final class Checkpoints {

    /** Prefix of references to models shipped inside this library. */
    public static final String BUILTIN_PREFIX = "builtin:";
    /** Classpath folder of the built-in models ({@code builtin:leti-tiny} lives in {@code leti-tiny/} under it). */
    public static final String BUILTIN_ROOT = "dev/leti/model/builtin/";
    /** Suffix of the file beside a built-in model that holds a slice of its pre-training corpus. */
    public static final String PRETRAINING_CORPUS_SUFFIX = ".pretrain-corpus.jsonl";
    /** File name of the weights. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** File name of the index of sharded weights ({@code weight_map}: tensor name to shard file). */
    public static final String WEIGHTS_INDEX_FILE = "model.safetensors.index.json";
    /** Largest shard {@link #writeWeights} writes by default. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 2L << 30;

    private Checkpoints() {
    }

    /**
     * The weight files of a checkpoint: the shards its {@code model.safetensors.index.json} names
     * (in order of first mention), or {@code model.safetensors}.
     *
     * @throws IllegalArgumentException naming the index when it is malformed or names an unsafe path
     */
    public static List<String> weightFiles(CheckpointSource source) throws IOException {
        if (!source.exists(WEIGHTS_INDEX_FILE)) {
            return List.of(WEIGHTS_FILE);
        }
        JsonNode index;
        try (InputStream in = source.open(WEIGHTS_INDEX_FILE)) {
            index = ModelJson.mapper().readTree(in);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source.describe() + "/" + WEIGHTS_INDEX_FILE + " is not valid JSON", e);
        }
        JsonNode map = index.path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new IllegalArgumentException(source.describe() + "/" + WEIGHTS_INDEX_FILE + ": weight_map is missing or empty");
        }
        Set<String> files = new LinkedHashSet<>();
        for (var entry : map.properties()) {
            String file = entry.getValue().asString("");
            if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.safetensors")) {
                throw new IllegalArgumentException(source.describe() + "/" + WEIGHTS_INDEX_FILE
                        + ": weight_map." + entry.getKey() + " names no shard file in the directory: '" + file + "'");
            }
            files.add(file);
        }
        return List.copyOf(files);
    }

    /**
     * Writes weights in the Hugging Face layout, stored as {@code storage}: one
     * {@code model.safetensors} when they fit in {@code maxShardBytes}, otherwise shards
     * {@code model-00001-of-0000N.safetensors} of at most that size (a larger tensor gets a shard
     * of its own) and {@code model.safetensors.index.json}.
     */
    public static void writeWeights(Path directory, Map<String, NDArray> weights, ModelConfig.Storage storage,
                                    long maxShardBytes) throws IOException {
        List<Map<String, NDArray>> shards = new ArrayList<>();
        Map<String, NDArray> current = new LinkedHashMap<>();
        long currentBytes = 0;
        long total = 0;
        for (Map.Entry<String, NDArray> entry : weights.entrySet()) {
            long bytes = entry.getValue().size() * storage.bytes();
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(entry.getKey(), entry.getValue());
            currentBytes += bytes;
            total += bytes;
        }
        shards.add(current);
        Map<String, String> metadata = Map.of("format", "pt");
        if (shards.size() == 1) {
            SafeTensors.write(directory.resolve(WEIGHTS_FILE), weights, metadata, storage);
            return;
        }
        ObjectNode index = ModelJson.mapper().createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode map = index.putObject("weight_map");
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format(java.util.Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
            SafeTensors.write(directory.resolve(file), shards.get(i), metadata, storage);
            shards.get(i).keySet().forEach(name -> map.put(name, file));
        }
        Files.writeString(directory.resolve(WEIGHTS_INDEX_FILE),
                ModelJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(index));
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

    /**
     * Plain code from the built-in model's pre-training distribution ({@code NAME.pretrain-corpus.jsonl}
     * beside the model: JSON Lines, a {@code text} per document), for the regularisation steps of
     * fine-tuning; written by leti-pretrain's corpus generator, which a test there keeps in step.
     */
    public static InputStream builtinPretrainingCorpus(String name) throws IOException {
        builtin(name);
        InputStream in = Checkpoints.class.getClassLoader().getResourceAsStream(BUILTIN_ROOT + name + PRETRAINING_CORPUS_SUFFIX);
        if (in == null) {
            throw new FileNotFoundException("built-in model " + name + " ships no pre-training corpus");
        }
        return in;
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
