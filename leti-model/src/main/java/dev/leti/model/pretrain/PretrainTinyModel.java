package dev.leti.model.pretrain;

import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.corpus.PretrainingCorpus;
import dev.leti.model.tokenizer.Tokenizers;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.StepResult;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The command that pre-trains the built-in tiny model {@code builtin:leti-tiny} from scratch on
 * the project's generated corpus ({@link PretrainingCorpus}) and publishes it as a checkpoint
 * (atomically; the target must not exist yet). Deterministic up to floating-point reduction
 * order: the corpus, the initial weights and the batches all come from fixed seeds.
 *
 * <pre>
 * ./mvnw -q -pl leti-model exec:java -Dexec.mainClass=dev.leti.model.pretrain.PretrainTinyModel \
 *     -Dexec.args="--output /tmp/leti-tiny [--steps N]"
 * </pre>
 */
public final class PretrainTinyModel {

    /** Everything that determines the shipped checkpoint. */
    public record Settings(ModelConfig model, int batchRows, int contextLength, long steps, double learningRate,
                           int warmupSteps, double weightDecay, long seed, PretrainingCorpus.Settings corpus,
                           int validationDocuments) {

        /** The settings of the shipped {@code builtin:leti-tiny}. */
        public static Settings defaults() {
            Tokenizer tokenizer = Tokenizers.byteLevel();
            ModelConfig model = new ModelConfig(tokenizer.vocabSize(), 128, 4, 4, 4, 352, 512, 10_000.0, 1e-5, true);
            return new Settings(model, 8, 256, 1600, 3e-3, 60, 0.1, 11L, PretrainingCorpus.Settings.defaults(), 500);
        }

        Settings withSteps(long newSteps) {
            return new Settings(model, batchRows, contextLength, newSteps, learningRate, Math.toIntExact(Math.min(warmupSteps, newSteps)),
                    weightDecay, seed, corpus, validationDocuments);
        }

        Settings withCorpus(PretrainingCorpus.Settings newCorpus) {
            return new Settings(model, batchRows, contextLength, steps, learningRate, warmupSteps, weightDecay, seed,
                    newCorpus, validationDocuments);
        }

        TrainingOptions trainingOptions() {
            return new TrainingOptions(learningRate, weightDecay, 0.9, 0.95, 1e-8, warmupSteps, steps,
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
        Tokenizer tokenizer = Tokenizers.byteLevel();
        List<String> documents = PretrainingCorpus.documents(settings.corpus());
        int validationCount = Math.min(settings.validationDocuments(), documents.size() / 10);
        TokenStream validation = TokenStream.of(documents.subList(0, validationCount), tokenizer);
        TokenStream training = TokenStream.of(documents.subList(validationCount, documents.size()), tokenizer);
        progress.printf("corpus: %d documents, %d training tokens (%d held out for validation), built in %d s%n",
                documents.size(), training.tokenCount(), validation.tokenCount(), elapsedSeconds(started));

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

    /** {@code --output DIR} (required, must not exist), {@code --steps N} (default: the shipped run's). */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path output = null;
        Settings settings = Settings.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = Path.of(args[++i]);
                case "--steps" -> settings = settings.withSteps(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: PretrainTinyModel --output DIR [--steps N]");
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("usage: PretrainTinyModel --output DIR [--steps N]");
        }
        run(settings, output, System.out);
    }
}
