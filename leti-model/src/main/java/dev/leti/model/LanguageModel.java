package dev.leti.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.checkpoint.CheckpointSource;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.checkpoint.SafeTensors;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.nn.KvCache;
import dev.leti.model.nn.LlamaBlock.NamedParameter;
import dev.leti.model.nn.LlamaBlock;
import dev.leti.model.nn.Tensors;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded decoder-only language model: configuration, tokenizer and weights on one device,
 * owned by one {@link NDManager} that {@link #close()} releases.
 *
 * <p>Load with {@link #load(String, ModelOptions)} ({@code builtin:leti-tiny} or a checkpoint
 * directory), sample with {@link dev.leti.model.sampling.Sampler}, fine-tune with
 * {@link dev.leti.model.training.TrainingSession}, publish with {@link #save(Path)}.
 * Forward passes from several threads are safe; a training session needs the model to itself.
 */
public final class LanguageModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModel.class);
    private static final double INIT_STD = 0.02;
    private static final String EMBEDDING = "model.embed_tokens.weight";
    private static final String HEAD = "lm_head.weight";

    private final ModelConfig config;
    private final Tokenizer tokenizer;
    private final ModelOptions options;
    private final NDManager manager;
    private final LlamaBlock block;

    private LanguageModel(ModelConfig config, Tokenizer tokenizer, ModelOptions options, NDManager manager) {
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize()
                    + " ids but the model only " + config.vocabSize());
        }
        this.config = config;
        this.tokenizer = tokenizer;
        this.options = options;
        this.manager = manager;
        this.block = LlamaBlock.of(config);
        block.prepare(manager);
    }

    /** Loads {@code builtin:NAME} (shipped on the classpath) or a checkpoint directory. */
    public static LanguageModel load(String reference, ModelOptions options) throws IOException {
        return load(Checkpoints.resolve(reference), options);
    }

    /**
     * Loads a checkpoint: {@code config.json}, {@code model.safetensors} or the shards its index
     * names, tokenizer files. Where the tokenizer had to add LeTI tokens the checkpoint lacked,
     * their embedding rows (and untied output rows) are set to the mean of the existing rows,
     * growing the matrices when an id lies beyond them; {@link #save} writes the grown model and
     * tokenizer, so a saved checkpoint reloads as it is.
     */
    public static LanguageModel load(CheckpointSource source, ModelOptions options) throws IOException {
        long started = System.nanoTime();
        ModelConfig config;
        try (InputStream in = source.open(ModelConfig.FILE_NAME)) {
            config = ModelConfig.read(in);
        }
        Tokenizer tokenizer = Tokenizers.load(source);
        NDManager manager = NDManager.newBaseManager(options.toDevice(), "PyTorch");
        try {
            Map<String, NDArray> weights = new HashMap<>();
            for (String file : Checkpoints.weightFiles(source)) {
                if (source instanceof Checkpoints.DirectorySource directory) {
                    weights.putAll(SafeTensors.read(directory.file(file), manager));
                } else {
                    try (InputStream in = source.open(file)) {
                        weights.putAll(SafeTensors.read(in, manager, source.describe() + "/" + file));
                    }
                }
            }
            config = initialiseAddedTokens(config, tokenizer.addedTokenIds(), weights, source.describe());
            LanguageModel model = new LanguageModel(config, tokenizer, options, manager);
            model.assign(weights, source.describe());
            LOG.info("Loaded model {} ({} {}, {} parameters, {} layers, stored as {}, device {}) in {} ms",
                    source.describe(), config.family().modelType(), config.ropeScaling() == null ? "" : "rope-scaled",
                    config.parameterCount(), config.numLayers(), config.storage().torchName(), options.device(),
                    (System.nanoTime() - started) / 1_000_000);
            return model;
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Sets the rows of tokens the tokenizer added to the mean of the existing rows, in the
     * embedding and in an untied head, appending rows where an id lies beyond the matrix.
     * Returns the configuration with the new number of rows.
     */
    private static ModelConfig initialiseAddedTokens(ModelConfig config, int[] added, Map<String, NDArray> weights,
            String source) {
        if (added.length == 0) {
            return config;
        }
        int rows = Math.max(config.vocabSize(), java.util.Arrays.stream(added).max().getAsInt() + 1);
        for (String name : config.tieWordEmbeddings() ? new String[] {EMBEDDING} : new String[] {EMBEDDING, HEAD}) {
            NDArray matrix = weights.get(name);
            if (matrix == null) {
                throw new IllegalArgumentException(source + ": weights lack " + name);
            }
            NDArray mean = matrix.mean(new int[] {0}, true);
            NDArray grown = rows == config.vocabSize() ? matrix
                    : matrix.concat(mean.repeat(0, rows - config.vocabSize()), 0);
            for (int id : added) {
                grown.set(new NDIndex(id), mean.squeeze(0));
            }
            weights.put(name, grown);
        }
        LOG.info("{}: added LeTI token ids {} (embedding rows {} -> {}, initialised to the mean row)", source,
                java.util.Arrays.toString(added), config.vocabSize(), rows);
        return config.withVocabSize(rows);
    }

    /**
     * A freshly initialised model: matrices from N(0, 0.02) as Hugging Face Llama does, norm
     * gains 1, biases (Qwen2's) from N(0, 0.02) too rather than 0, so that tests see them work.
     * The same seed gives the same weights on every machine.
     */
    public static LanguageModel random(ModelConfig config, Tokenizer tokenizer, ModelOptions options, long seed) {
        NDManager manager = NDManager.newBaseManager(options.toDevice(), "PyTorch");
        try {
            LanguageModel model = new LanguageModel(config, tokenizer, options, manager);
            SplittableRandom random = new SplittableRandom(seed);
            for (NamedParameter named : model.block.namedParameters().values()) {
                float[] values = new float[Math.toIntExact(named.shape().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = named.isGain() ? 1f : (float) (random.nextGaussian() * INIT_STD);
                }
                named.parameter().setArray(Tensors.copyOf(manager, values, named.shape()));
            }
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void assign(Map<String, NDArray> weights, String source) {
        for (Map.Entry<String, NamedParameter> entry : block.namedParameters().entrySet()) {
            NDArray array = weights.remove(entry.getKey());
            if (array == null) {
                throw new IllegalArgumentException(source + ": weights lack " + entry.getKey());
            }
            Shape expected = entry.getValue().shape();
            if (!array.getShape().equals(expected)) {
                throw new IllegalArgumentException(source + ": " + entry.getKey() + " has shape " + array.getShape()
                        + ", config.json implies " + expected);
            }
            entry.getValue().parameter().setArray(array);
        }
        // Tied checkpoints sometimes carry a copy of the head; old ones the rotary frequencies.
        weights.entrySet().removeIf(entry -> {
            boolean redundant = entry.getKey().equals(HEAD) && config.tieWordEmbeddings()
                    || entry.getKey().endsWith("rotary_emb.inv_freq");
            if (redundant) {
                entry.getValue().close();
            }
            return redundant;
        });
        if (!weights.isEmpty()) {
            throw new IllegalArgumentException(source + ": unexpected tensors " + weights.keySet());
        }
    }

    public ModelConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ModelOptions options() {
        return options;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The model's manager: parameters live here; make per-call sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    /** The DJL block. */
    public LlamaBlock block() {
        return block;
    }

    /** The live parameter arrays under their Hugging Face names. */
    public Map<String, NDArray> weights() {
        Map<String, NDArray> weights = new LinkedHashMap<>();
        block.namedParameters().forEach((name, named) -> weights.put(name, named.parameter().getArray()));
        return weights;
    }

    /** Causal logits (B, T, vocab), float32, for (B, T) int64 token ids at positions 0..T-1. */
    public NDArray logits(NDArray tokens) {
        return block.forward(tokens, null, options.precision().dataType());
    }

    /**
     * Feeds (B, T) new tokens after what the cache holds (all rows at the same position, no
     * padding), appends them to the cache and returns their logits (B, T, vocab).
     */
    public NDArray logits(NDArray tokens, KvCache cache) {
        return block.forward(tokens, cache, options.precision().dataType());
    }

    /**
     * The general step: explicit per-row positions and an additive mask, as the sampler uses
     * for left-padded batches. See {@link LlamaBlock#forward(NDArray, NDArray, NDArray, KvCache, boolean, ai.djl.ndarray.types.DataType)}.
     */
    public NDArray forward(NDArray tokens, NDArray positions, NDArray mask, KvCache cache, boolean lastPositionOnly) {
        return block.forward(tokens, positions, mask, cache, lastPositionOnly, options.precision().dataType());
    }

    /** A preallocated cache for {@code batchSize} rows of {@code capacity} positions, owned by {@code owner}. */
    public KvCache newCache(NDManager owner, int batchSize, int capacity) {
        return new KvCache(owner, config, batchSize, capacity, options.precision().dataType());
    }

    /**
     * Writes {@code config.json}, the weights (stored as the checkpoint stored them, sharded above
     * {@link Checkpoints#DEFAULT_MAX_SHARD_BYTES}) and the tokenizer files into an existing
     * directory: the Hugging Face layout {@code transformers} loads.
     */
    public void writeTo(Path directory) throws IOException {
        writeTo(directory, Checkpoints.DEFAULT_MAX_SHARD_BYTES);
    }

    /** {@link #writeTo(Path)} with shards of at most {@code maxShardBytes}. */
    public void writeTo(Path directory, long maxShardBytes) throws IOException {
        writeTo(directory, maxShardBytes, config.storage());
    }

    /**
     * {@link #writeTo(Path, long)} with the tensors stored as {@code weightsAs} whatever the
     * configuration's storage type ({@code config.json} keeps it): float32 for a resumable
     * training checkpoint, so resuming continues from the exact weights.
     */
    public void writeTo(Path directory, long maxShardBytes, ModelConfig.Storage weightsAs) throws IOException {
        Files.writeString(directory.resolve(ModelConfig.FILE_NAME), config.toJson(), StandardCharsets.UTF_8);
        Checkpoints.writeWeights(directory, weights(), weightsAs, maxShardBytes);
        tokenizer.save(directory);
    }

    /** Publishes this model as a new, immutable checkpoint directory (atomically; fails if it exists). */
    public void save(Path directory) throws IOException {
        Checkpoints.publish(directory, this::writeTo);
    }

    @Override
    public void close() {
        block.release();
        manager.close();
    }
}
