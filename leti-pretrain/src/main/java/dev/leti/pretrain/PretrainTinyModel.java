package dev.leti.pretrain;

import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.tokenizer.BpeTrainer;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.tokenizer.Tokenizers;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.StepResult;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import dev.leti.pretrain.corpus.PretrainingCorpus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The command that pre-trains the built-in tiny model {@code builtin:leti-tiny} from scratch on
 * the project's generated corpus ({@link PretrainingCorpus}) and publishes it as a checkpoint
 * (atomically; the target must not exist yet). Deterministic up to floating-point reduction
 * order: the corpus, the initial weights and the batches all come from fixed seeds.
 *
 * <pre>
 * ./mvnw -q -pl leti-pretrain exec:java -Dexec.mainClass=dev.leti.pretrain.PretrainTinyModel \
 *     -Dexec.args="--output /tmp/leti-tiny [--steps N] [--bpe-vocab N] [--documents-per-composition N] \
 *     [--task-frame mbpp|comments|docstring-in-function]"
 * </pre>
 *
 * <p>With {@code --bpe-vocab N} (N &gt; 256) the model reads a byte-level BPE tokenizer of N
 * entries (bytes plus merges) learned by {@link BpeTrainer} from the training documents, the
 * {@link SpecialToken}s after them; it is written as {@code tokenizer.json} and read back with
 * {@link Tokenizers#load}, the loader every checkpoint goes through.
 */
public final class PretrainTinyModel {

    /**
     * Everything that determines the shipped checkpoint.
     *
     * @param bpeVocabSize 0: one token per byte (the shipped model); N &gt; 256: a byte-level BPE
     *                     of N entries learned from the training documents, the special tokens
     *                     after them ({@code model.vocabSize()} is then N plus their count)
     */
    public record Settings(ModelConfig model, int batchRows, int contextLength, long steps, double learningRate,
                           int warmupSteps, double weightDecay, long seed, PretrainingCorpus.Settings corpus,
                           int validationDocuments, int bpeVocabSize, int rewardTasksPerComposition) {

        public Settings {
            if (bpeVocabSize != 0 && bpeVocabSize <= Tokenizers.BYTE_TOKENS) {
                throw new IllegalArgumentException("bpeVocabSize must be 0 (byte-level) or above "
                        + Tokenizers.BYTE_TOKENS + ": " + bpeVocabSize);
            }
        }

        /** The settings of the shipped {@code builtin:leti-tiny}. */
        public static Settings defaults() {
            Tokenizer tokenizer = Tokenizers.byteLevel();
            ModelConfig model = new ModelConfig(tokenizer.vocabSize(), 128, 4, 4, 4, 352, 512, 10_000.0, 1e-5, true);
            return new Settings(model, 8, 256, 1600, 3e-3, 60, 0.1, 11L, PretrainingCorpus.Settings.defaults(), 500, 0, 0);
        }

        Settings withSteps(long newSteps) {
            return new Settings(model, batchRows, contextLength, newSteps, learningRate, Math.toIntExact(Math.min(warmupSteps, newSteps)),
                    weightDecay, seed, corpus, validationDocuments, bpeVocabSize, rewardTasksPerComposition);
        }

        Settings withCorpus(PretrainingCorpus.Settings newCorpus) {
            return new Settings(model, batchRows, contextLength, steps, learningRate, warmupSteps, weightDecay, seed,
                    newCorpus, validationDocuments, bpeVocabSize, rewardTasksPerComposition);
        }

        /** A byte-level BPE of {@code size} entries (0: byte-level), the embedding sized to match. */
        Settings withBpeVocabulary(int size) {
            int entries = size == 0 ? Tokenizers.BYTE_TOKENS : size;
            ModelConfig sized = new ModelConfig(entries + SpecialToken.values().length, model.hiddenSize(), model.numLayers(),
                    model.numHeads(), model.numKvHeads(), model.intermediateSize(), model.maxPositions(), model.ropeTheta(),
                    model.rmsNormEps(), model.tieWordEmbeddings());
            return new Settings(sized, batchRows, contextLength, steps, learningRate, warmupSteps, weightDecay, seed, corpus,
                    validationDocuments, size, rewardTasksPerComposition);
        }

        /**
         * The transformer's shape (hidden size, layers, attention heads, MLP width), the vocabulary
         * and everything else kept; the defaults are the shipped model's 128, 4, 4 and 352.
         */
        Settings withShape(int hiddenSize, int layers, int heads, int intermediateSize) {
            if (hiddenSize % heads != 0) {
                throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of " + heads + " heads");
            }
            ModelConfig shaped = new ModelConfig(model.vocabSize(), hiddenSize, layers, heads, heads, intermediateSize,
                    model.maxPositions(), model.ropeTheta(), model.rmsNormEps(), model.tieWordEmbeddings());
            return new Settings(shaped, batchRows, contextLength, steps, learningRate, warmupSteps, weightDecay, seed, corpus,
                    validationDocuments, bpeVocabSize, rewardTasksPerComposition);
        }

        /** With {@code perComposition} reward-format tasks per corpus composition (0: none, the default). */
        Settings withRewardTasks(int perComposition) {
            if (perComposition < 0) {
                throw new IllegalArgumentException("reward tasks per composition must be >= 0: " + perComposition);
            }
            return new Settings(model, batchRows, contextLength, steps, learningRate, warmupSteps, weightDecay, seed, corpus,
                    validationDocuments, bpeVocabSize, perComposition);
        }

        TrainingOptions trainingOptions() {
            return new TrainingOptions(learningRate, weightDecay, warmupSteps, steps,
                    LearningRateSchedule.COSINE, 1.0);
        }
    }

    /** What a run did. */
    public record Summary(long steps, long tokens, Duration wallTime, double finalTrainingLoss, double validationLoss,
                          long parameters) {
    }

    private static final int PROGRESS_EVERY = 25;
    private static final int LOSS_WINDOW = 50;
    private static final int VALIDATION_BATCHES = 8;

    private PretrainTinyModel() {
    }

    /** Trains a fresh model with the settings and publishes it at {@code output}. */
    public static Summary run(Settings settings, Path output, PrintStream progress) throws IOException {
        long started = System.nanoTime();
        List<String> documents = PretrainingCorpus.documents(settings.corpus());
        int validationCount = Math.min(settings.validationDocuments(), documents.size() / 10);
        List<String> trainingDocuments = documents.subList(validationCount, documents.size());
        Tokenizer tokenizer = tokenizer(settings.bpeVocabSize(), trainingDocuments);
        TokenStream validation = TokenStream.of(documents.subList(0, validationCount), tokenizer);
        List<String> rewardDocuments = settings.rewardTasksPerComposition() == 0 ? List.of()
                : RewardDocuments.of(PretrainingCorpus.rewardTasks(settings.corpus().seed() + 1,
                        settings.rewardTasksPerComposition()), settings.corpus().seed() + 2);
        if (!rewardDocuments.isEmpty()) {
            long bad = rewardDocuments.stream().filter(d -> d.startsWith(SpecialToken.BAD.text())).count();
            progress.printf("reward-format documents: %d (%d good, %d bad)%n", rewardDocuments.size(),
                    rewardDocuments.size() - bad, bad);
            rewardDocuments.stream().limit(4).forEach(d -> progress.printf("reward-format document:%n%s%n----%n", d));
        }
        TokenStream training = TokenStream.of(trainingDocuments, rewardDocuments, tokenizer);
        long trainingBytes = trainingDocuments.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        progress.printf(Locale.ROOT, "corpus: %d documents, %d training tokens (%.3f per byte; %d held out for "
                        + "validation), tokenizer of %d ids, built in %d s%n", documents.size(), training.tokenCount(),
                (double) training.tokenCount() / trainingBytes, validation.tokenCount(), tokenizer.vocabSize(),
                elapsedSeconds(started));

        Random batches = new Random(settings.seed());
        try (LanguageModel model = LanguageModel.random(settings.model(), tokenizer, ModelOptions.cpu(), settings.seed());
             TrainingSession session = TrainingSession.start(model, settings.trainingOptions())) {
            progress.printf("model: %,d parameters (%s); %d steps of %d x %d tokens%n",
                    settings.model().parameterCount(), settings.model(), settings.steps(), settings.batchRows(),
                    settings.contextLength());
            long trainingStarted = System.nanoTime();
            long tokens = 0;
            Deque<Double> recentLosses = new ArrayDeque<>();
            for (long step = 1; step <= settings.steps(); step++) {
                StepResult result = session.step(training.batch(batches, settings.batchRows(), settings.contextLength() + 1));
                tokens += result.targetTokens();
                recentLosses.addLast(result.loss());
                if (recentLosses.size() > LOSS_WINDOW) {
                    recentLosses.removeFirst();
                }
                if (step % PROGRESS_EVERY == 0 || step == settings.steps()) {
                    double seconds = (System.nanoTime() - trainingStarted) / 1e9;
                    progress.printf("step %5d/%d  loss %.4f  lr %.2e  %,.0f tokens/s  elapsed %s  eta %s%n",
                            step, settings.steps(), result.loss(), result.learningRate(), tokens / seconds,
                            clock(seconds), clock(seconds / step * (settings.steps() - step)));
                }
            }
            double validationLoss = validationLoss(session, validation, settings);
            model.save(output);
            Summary summary = new Summary(settings.steps(), tokens, Duration.ofNanos(System.nanoTime() - started),
                    recentLosses.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    validationLoss, settings.model().parameterCount());
            progress.printf("done: %d steps, %,d tokens, wall time %s, training loss (last %d steps) %.4f, "
                            + "validation loss %.4f; checkpoint at %s%n",
                    summary.steps(), summary.tokens(), clock(summary.wallTime().toMillis() / 1000.0), recentLosses.size(),
                    summary.finalTrainingLoss(), summary.validationLoss(), output);
            return summary;
        }
    }

    /**
     * One token per byte ({@code bpeVocabSize} 0), or a byte-level BPE learned from the documents,
     * written as {@code tokenizer.json} and read back with {@link Tokenizers#load}.
     */
    static Tokenizer tokenizer(int bpeVocabSize, List<String> documents) throws IOException {
        if (bpeVocabSize == 0) {
            return Tokenizers.byteLevel();
        }
        List<String> special = Arrays.stream(SpecialToken.values()).map(SpecialToken::text).toList();
        Path directory = Files.createTempDirectory("leti-bpe");
        Path file = directory.resolve(Tokenizers.TOKENIZER_FILE);
        try {
            Files.writeString(file, BpeTrainer.train(documents, bpeVocabSize, special));
            return Tokenizers.load(Checkpoints.directory(directory));
        } finally {
            Files.deleteIfExists(file);
            Files.delete(directory);
        }
    }

    private static double validationLoss(TrainingSession session, TokenStream validation, Settings settings) {
        Random fixed = new Random(0);
        double sum = 0;
        for (int i = 0; i < VALIDATION_BATCHES; i++) {
            TrainingBatch batch = validation.batch(fixed, settings.batchRows(), settings.contextLength() + 1);
            sum += session.evaluate(batch);
        }
        return sum / VALIDATION_BATCHES;
    }

    private static long elapsedSeconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    private static String clock(double seconds) {
        long whole = Math.round(seconds);
        return String.format("%d:%02d", whole / 60, whole % 60);
    }

    private static final String USAGE =
            "usage: PretrainTinyModel --output DIR [--steps N] [--bpe-vocab N] [--documents-per-composition N]"
                    + " [--task-frame mbpp|comments|docstring-in-function] [--hidden-size N] [--layers N] [--heads N]"
                    + " [--intermediate-size N] [--reward-tasks-per-composition N]";

    /**
     * {@code --output DIR} (required, must not exist); {@code --steps N},
     * {@code --bpe-vocab N} (0: byte-level), {@code --documents-per-composition N} and
     * {@code --task-frame F} (the task documents' {@link PretrainingCorpus.TaskFrame}) default to
     * the shipped run's; so do {@code --hidden-size N}, {@code --layers N}, {@code --heads N} and
     * {@code --intermediate-size N} (the transformer's shape, applied after the other options), and
     * {@code --reward-tasks-per-composition N} (0: none; see {@link RewardDocuments}).
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path output = null;
        Settings settings = Settings.defaults();
        int hiddenSize = settings.model().hiddenSize();
        int layers = settings.model().numLayers();
        int heads = settings.model().numHeads();
        int intermediateSize = settings.model().intermediateSize();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = Path.of(args[++i]);
                case "--steps" -> settings = settings.withSteps(Long.parseLong(args[++i]));
                case "--bpe-vocab" -> settings = settings.withBpeVocabulary(Integer.parseInt(args[++i]));
                case "--documents-per-composition" -> {
                    PretrainingCorpus.Settings corpus = settings.corpus();
                    settings = settings.withCorpus(new PretrainingCorpus.Settings(corpus.seed(), Integer.parseInt(args[++i]),
                            corpus.plainDocuments(), corpus.taskFrame()));
                }
                case "--task-frame" -> {
                    PretrainingCorpus.Settings corpus = settings.corpus();
                    settings = settings.withCorpus(new PretrainingCorpus.Settings(corpus.seed(),
                            corpus.documentsPerComposition(), corpus.plainDocuments(),
                            PretrainingCorpus.TaskFrame.valueOf(args[++i].toUpperCase(Locale.ROOT).replace('-', '_'))));
                }
                case "--reward-tasks-per-composition" -> settings = settings.withRewardTasks(Integer.parseInt(args[++i]));
                case "--hidden-size" -> hiddenSize = Integer.parseInt(args[++i]);
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--heads" -> heads = Integer.parseInt(args[++i]);
                case "--intermediate-size" -> intermediateSize = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        if (output == null) {
            throw new IllegalArgumentException(USAGE);
        }
        if (hiddenSize != settings.model().hiddenSize() || layers != settings.model().numLayers()
                || heads != settings.model().numHeads() || intermediateSize != settings.model().intermediateSize()) {
            settings = settings.withShape(hiddenSize, layers, heads, intermediateSize);
        }
        run(settings, output, System.out);
    }
}
