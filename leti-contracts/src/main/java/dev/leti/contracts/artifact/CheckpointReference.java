package dev.leti.contracts.artifact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a checkpoint comes from, as a run spec and the wire messages name it:
 * <ul>
 *   <li>{@code builtin:NAME}: a model shipped inside the model library ({@code builtin:leti-tiny});</li>
 *   <li>{@code artifact:PATH}: a checkpoint in the artifact store (every fine-tuned one);</li>
 *   <li>{@code file:/ABSOLUTE/DIR}: a Hugging Face model directory every service that loads it
 *       can read at the same path (a mounted models volume, say {@code file:/models/qwen2.5-coder-0.5b}).</li>
 * </ul>
 * The orchestrator, the generator and the trainer all parse references here, so the three agree.
 */
public sealed interface CheckpointReference {

    /** Prefix of built-in models. */
    String BUILTIN = "builtin:";
    /** Prefix of model directories on a file system the services share. */
    String FILE = "file:";
    /** What a reference may look like, for error messages. */
    String FORMS = "builtin:<name>, artifact:<path> or file:/<absolute directory>";

    /** The reference as written. */
    String uri();

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException naming the accepted forms when it is none of them
     */
    static CheckpointReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("a checkpoint reference is required: " + FORMS);
        }
        if (reference.startsWith(BUILTIN)) {
            String name = reference.substring(BUILTIN.length());
            if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new IllegalArgumentException("not a built-in model name: " + reference);
            }
            return new Builtin(name);
        }
        if (ArtifactPaths.isArtifactUri(reference)) {
            ArtifactPaths.relativePathOf(reference);
            return new Artifact(reference);
        }
        if (reference.startsWith(FILE)) {
            String path = reference.substring(FILE.length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a file: checkpoint needs an absolute directory: " + reference);
            }
            return new Directory(Path.of(path).normalize());
        }
        throw new IllegalArgumentException("must be " + FORMS + ": " + reference);
    }

    /** A model shipped inside the model library. */
    record Builtin(String name) implements CheckpointReference {
        @Override
        public String uri() {
            return BUILTIN + name;
        }
    }

    /** A checkpoint in the artifact store. */
    record Artifact(String uri) implements CheckpointReference {
    }

    /** A Hugging Face model directory on a file system the services share. */
    record Directory(Path path) implements CheckpointReference {

        /** The configuration file every checkpoint directory has. */
        public static final String CONFIG_FILE = "config.json";
        /** The tokenizer file every checkpoint directory has. */
        public static final String TOKENIZER_FILE = "tokenizer.json";
        /** Unsharded weights. */
        public static final String WEIGHTS_FILE = "model.safetensors";
        /** The index of sharded weights. */
        public static final String WEIGHTS_INDEX_FILE = "model.safetensors.index.json";

        @Override
        public String uri() {
            return FILE + path;
        }

        /**
         * What keeps the directory from being a loadable checkpoint, empty when nothing does:
         * it must exist and hold {@code config.json}, {@code tokenizer.json}, and
         * {@code model.safetensors} or {@code model.safetensors.index.json}.
         */
        public List<String> problems() {
            if (!Files.isDirectory(path)) {
                return List.of("no directory " + path);
            }
            List<String> problems = new ArrayList<>();
            for (String file : List.of(CONFIG_FILE, TOKENIZER_FILE)) {
                if (!Files.isRegularFile(path.resolve(file))) {
                    problems.add("no " + file + " in " + path);
                }
            }
            if (!Files.isRegularFile(path.resolve(WEIGHTS_FILE)) && !Files.isRegularFile(path.resolve(WEIGHTS_INDEX_FILE))) {
                problems.add("no " + WEIGHTS_FILE + " or " + WEIGHTS_INDEX_FILE + " in " + path);
            }
            return problems;
        }
    }
}
