package dev.leti.trainer.training;

import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.artifact.CheckpointReference;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.contracts.training.TrainingSettings;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.StepResult;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import dev.leti.spring.artifact.ArtifactException;
import dev.leti.spring.artifact.ArtifactExistsException;
import dev.leti.spring.artifact.ArtifactStore;
import dev.leti.spring.messaging.CancelledRuns;
import dev.leti.trainer.TrainerProperties;
import dev.leti.trainer.messaging.TrainingPublisher;
import dev.leti.trainer.text.LetiTextBuilder;
import dev.leti.model.text.SequenceTruncation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One training job: LeTI training text from the dataset artifact, fine-tuning of the base
 * checkpoint with the pre-training mix, resume points, and the new checkpoint in the artifact
 * store ({@code artifact:checkpoints/<run>/iteration-<n>}).
 *
 * <p>Per LeTI step, one optimizer step on a batch of training text, then
 * {@code pretrainStepsPerStep} steps on batches of plain code when {@code pretrainMix} is on.
 * The data order of an epoch is a shuffle seeded by the request's seed and the epoch, so a job
 * resumed at step {@code s} sees exactly the batches it would have seen.
 */
@Component
public class FineTuning {

    private static final Logger log = LoggerFactory.getLogger(FineTuning.class);
    private static final String RESUME_FILE = "resume.json";

    private final ArtifactStore store;
    private final ModelOptions modelOptions;
    private final TrainerProperties properties;
    private final TrainingPublisher publisher;
    private final TrainerMetrics metrics;
    private final PretrainCorpus corpus;
    private final CancelledRuns cancelled;

    FineTuning(ArtifactStore store, ModelOptions modelOptions, TrainerProperties properties,
            TrainingPublisher publisher, TrainerMetrics metrics, PretrainCorpus corpus, CancelledRuns cancelled) {
        this.store = store;
        this.modelOptions = modelOptions;
        this.properties = properties;
        this.publisher = publisher;
        this.metrics = metrics;
        this.corpus = corpus;
        this.cancelled = cancelled;
    }

    /**
     * Runs (or resumes) the job to its end. A request that cannot be served (missing or corrupt
     * artifact, broken dataset line) ends in a failed result, not an exception.
     *
     * @throws TrainingInterruptedException when the thread is interrupted (shutdown); the job
     *                                      resumes from its last resume point
     * @throws TrainingCancelledException   when the job's run was cancelled
     */
    public TrainingResult run(TrainingRequest request, Path jobDirectory) {
        long started = System.nanoTime();
        try {
            TrainingResult result = train(request, jobDirectory, started);
            metrics.jobEnded(result.status());
            return result;
        } catch (TrainingInterruptedException | TrainingCancelledException e) {
            throw e;
        } catch (ArtifactException | IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException
                    || e.getCause() instanceof ClosedByInterruptException) {
                // Shutdown interrupted a file operation: not the request's fault, resume next start.
                throw new TrainingInterruptedException(-1);
            }
            log.warn("Training job {} failed: {}", request.jobId(), e.getMessage());
            metrics.jobEnded(TrainingResult.Status.FAILED);
            return new TrainingResult(request.jobId(), request.runId(), request.iteration(), TrainingResult.Status.FAILED,
                    null, 0, Double.NaN, Double.NaN, 0, elapsedMillis(started), e.getMessage(), Instant.now());
        }
    }

    private TrainingResult train(TrainingRequest request, Path jobDirectory, long started) throws IOException {
        Optional<ResumePoint> resume = readResumePoint(jobDirectory);
        Path modelSource = resume.map(point -> jobDirectory.resolve(point.directory()))
                .orElseGet(() -> checkpointDirectory(request.baseCheckpoint()));
        List<TrainingExample> examples = DatasetReader.read(store.get(request.dataset()), request.dataset().uri());
        try (LanguageModel model = modelSource == null
                ? LanguageModel.load(request.baseCheckpoint().uri(), modelOptions)
                : LanguageModel.load(Checkpoints.directory(modelSource), modelOptions)) {
            TrainingSettings settings = request.settings();
            int maxLength = Math.min(settings.maxSequenceLength(), model.config().maxPositions());
            List<int[]> sequences = letiSequences(examples, request, model.tokenizer(), maxLength);
            if (sequences.isEmpty()) {
                log.info("Training job {}: no training text in {} (mode {}); the checkpoint stays as it was",
                        request.jobId(), request.dataset().uri(), request.feedbackMode());
                return new TrainingResult(request.jobId(), request.runId(), request.iteration(),
                        TrainingResult.Status.SUCCEEDED, request.baseCheckpoint(), 0, Double.NaN, Double.NaN, 0,
                        elapsedMillis(started), null, Instant.now());
            }
            List<int[]> plainCode = settings.pretrainMix() && settings.pretrainStepsPerStep() > 0
                    ? plainCodeSequences(request, model.tokenizer(), maxLength) : List.of();
            Plan plan = new Plan(request, sequences, plainCode, model.tokenizer().id(SpecialToken.PAD), maxLength);
            TrainingOptions options = WireToModel.options(settings, plan.totalOptimizerSteps());
            try (TrainingSession session = resume.isPresent()
                    ? TrainingSession.resume(model, options, modelSource)
                    : TrainingSession.start(model, options)) {
                ResumePoint end = loop(plan, session, model, jobDirectory, resume.orElse(null));
                session.mergeAdapters();
                ArtifactRef checkpoint = publishCheckpoint(request, model);
                log.info("Training job {} done: {} LeTI steps, loss {} -> {}, checkpoint {}", request.jobId(),
                        plan.letiSteps(), end.initialLoss(), lastWindowLoss(end), checkpoint.uri());
                return new TrainingResult(request.jobId(), request.runId(), request.iteration(),
                        TrainingResult.Status.SUCCEEDED, checkpoint, Math.toIntExact(session.completedSteps()),
                        end.initialLoss(), lastWindowLoss(end), end.trainedTokens(), elapsedMillis(started), null,
                        Instant.now());
            }
        }
    }

    private ResumePoint loop(Plan plan, TrainingSession session, LanguageModel model, Path jobDirectory,
            ResumePoint resumed) throws IOException {
        TrainingRequest request = plan.request();
        ResumePoint point = resumed != null ? resumed : new ResumePoint(null, 0, 0, Double.NaN, 0, 0);
        if (resumed != null) {
            log.info("Training job {} resumes at LeTI step {} of {}", request.jobId(), resumed.letiSteps(), plan.letiSteps());
        } else {
            log.info("Training job {} starts: {} sequences, {} LeTI steps{}", request.jobId(), plan.sequences().size(),
                    plan.letiSteps(), plan.plainCode().isEmpty() ? "" : " with the pre-training mix");
        }
        long windowTokens = 0;
        long windowStarted = System.nanoTime();
        for (int step = point.letiSteps(); step < plan.letiSteps(); step++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new TrainingInterruptedException(step);
            }
            if (cancelled.isCancelled(request.runId())) {
                throw new TrainingCancelledException(request.runId(), step);
            }
            StepResult leti = recorded(session.step(plan.letiBatch(step)));
            long tokens = leti.targetTokens();
            for (int r = 0; r < plan.regularisationStepsPerStep(); r++) {
                tokens += recorded(session.step(plan.plainCodeBatch(step * plan.regularisationStepsPerStep() + r)))
                        .targetTokens();
            }
            windowTokens += tokens;
            point = new ResumePoint(point.directory(), step + 1, point.trainedTokens() + tokens, point.initialLoss(),
                    point.windowLossSum() + leti.loss(), point.windowSteps() + 1);
            boolean last = step + 1 == plan.letiSteps();
            if ((step + 1) % properties.progressEverySteps() == 0 || last) {
                double loss = point.windowLossSum() / point.windowSteps();
                double seconds = (System.nanoTime() - windowStarted) / 1e9;
                double tokensPerSecond = seconds > 0 ? windowTokens / seconds : 0;
                publisher.progress(new TrainingProgress(request.jobId(), request.runId(), request.iteration(),
                        Math.toIntExact(session.completedSteps()), Math.toIntExact(plan.totalOptimizerSteps()), loss,
                        tokensPerSecond, Instant.now()));
                metrics.window(loss, tokensPerSecond);
                log.info("Training job {}: step {}/{}, loss {}, {} tokens/s", request.jobId(), session.completedSteps(),
                        plan.totalOptimizerSteps(), String.format("%.4f", loss), Math.round(tokensPerSecond));
                point = new ResumePoint(point.directory(), point.letiSteps(), point.trainedTokens(),
                        Double.isNaN(point.initialLoss()) ? loss : point.initialLoss(),
                        last ? point.windowLossSum() : 0, last ? point.windowSteps() : 0);
                windowTokens = 0;
                windowStarted = System.nanoTime();
            }
            if ((step + 1) % properties.checkpointEverySteps() == 0 && !last) {
                point = saveResumePoint(session, jobDirectory, point);
            }
        }
        return point;
    }

    private StepResult recorded(StepResult step) {
        metrics.step(step);
        return step;
    }

    private static double lastWindowLoss(ResumePoint end) {
        return end.windowSteps() == 0 ? Double.NaN : end.windowLossSum() / end.windowSteps();
    }

    private List<int[]> letiSequences(List<TrainingExample> examples, TrainingRequest request, Tokenizer tokenizer,
            int maxLength) {
        SequenceTruncation truncation = new SequenceTruncation(tokenizer);
        List<int[]> sequences = new ArrayList<>();
        int tooLong = 0;
        for (TrainingExample example : examples) {
            var text = LetiTextBuilder.build(example, request.feedbackMode());
            if (text.isPresent()) {
                Optional<int[]> fitted = truncation.fit(text.get(), maxLength);
                fitted.ifPresent(sequences::add);
                tooLong += fitted.isEmpty() ? 1 : 0;
            }
        }
        if (tooLong > 0) {
            log.info("Training job {}: left out {} samples whose program alone exceeds {} tokens",
                    request.jobId(), tooLong, maxLength);
        }
        return sequences;
    }

    /**
     * Plain-code documents, each after the tokenizer's sequence start (a checkpoint's BOS token, if
     * any) and followed by end-of-text, cut into windows of {@code maxLength} tokens.
     */
    private List<int[]> plainCodeSequences(TrainingRequest request, Tokenizer tokenizer, int maxLength) throws IOException {
        int endOfText = tokenizer.id(SpecialToken.END_OF_TEXT);
        int[] start = tokenizer.sequenceStart();
        List<int[]> windows = new ArrayList<>();
        for (String document : corpus.documents(request.settings().pretrainCorpusUri())) {
            int[] text = tokenizer.encode(document);
            int[] tokens = Arrays.copyOf(start, start.length + text.length + 1);
            System.arraycopy(text, 0, tokens, start.length, text.length);
            tokens[tokens.length - 1] = endOfText;
            for (int from = 0; from < tokens.length - 1; from += maxLength) {
                windows.add(Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + maxLength)));
            }
        }
        return windows;
    }

    /** The local directory of a checkpoint (an artifact verified), or null for a built-in one. */
    private Path checkpointDirectory(ArtifactRef checkpoint) {
        CheckpointReference reference = CheckpointReference.parse(checkpoint.uri());
        if (reference instanceof CheckpointReference.Builtin) {
            return null;
        }
        if (reference instanceof CheckpointReference.Directory directory) {
            return directory.path();
        }
        return store.get(checkpoint);
    }

    private ArtifactRef publishCheckpoint(TrainingRequest request, LanguageModel model) {
        String path = "checkpoints/" + request.runId() + "/iteration-" + request.iteration();
        try {
            return store.write(path, target -> {
                Files.createDirectories(target);
                model.writeTo(target);
            });
        } catch (ArtifactExistsException e) {
            // Written by this job before a crash that came before its result was recorded.
            log.info("Training job {}: checkpoint {} already written, using it", request.jobId(), e.uri());
            return store.describe(e.uri());
        }
    }

    private Optional<ResumePoint> readResumePoint(Path jobDirectory) throws IOException {
        Path file = jobDirectory.resolve(RESUME_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(LetiJson.mapper().readValue(Files.readString(file), ResumePoint.class));
    }

    /** Saves model and optimizer, then points {@code resume.json} at them, then drops older resume points. */
    private ResumePoint saveResumePoint(TrainingSession session, Path jobDirectory, ResumePoint point) throws IOException {
        String name = "resume-" + point.letiSteps();
        Path directory = jobDirectory.resolve(name);
        deleteRecursively(directory); // left by a crash between saving and pointing at it
        session.save(directory, true);
        ResumePoint saved = new ResumePoint(name, point.letiSteps(), point.trainedTokens(), point.initialLoss(),
                point.windowLossSum(), point.windowSteps());
        AtomicFiles.write(jobDirectory.resolve(RESUME_FILE),
                LetiJson.mapper().writeValueAsString(saved));
        try (Stream<Path> old = Files.list(jobDirectory)) {
            for (Path stale : old.filter(path -> path.getFileName().toString().startsWith("resume-")
                    && !path.getFileName().toString().equals(name)).toList()) {
                deleteRecursively(stale);
            }
        }
        return saved;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The batches of a job, as a function of the step. */
    private record Plan(TrainingRequest request, List<int[]> sequences, List<int[]> plainCode, int padId, int maxLength) {

        /** The run's training seed, moved on by the iteration so that iterations shuffle differently. */
        long seed() {
            return request.settings().seed() + request.iteration();
        }

        int letiSteps() {
            return request.settings().epochs() * stepsPerEpoch();
        }

        int stepsPerEpoch() {
            int batchSize = request.settings().batchSize();
            return (sequences.size() + batchSize - 1) / batchSize;
        }

        int regularisationStepsPerStep() {
            return plainCode.isEmpty() ? 0 : request.settings().pretrainStepsPerStep();
        }

        long totalOptimizerSteps() {
            return (long) letiSteps() * (1 + regularisationStepsPerStep());
        }

        List<TrainingBatch> letiBatch(int step) {
            int epoch = step / stepsPerEpoch();
            int first = (step % stepsPerEpoch()) * request.settings().batchSize();
            List<Integer> order = shuffled(sequences.size(), seed() * 31 + epoch);
            return microBatches(order.subList(first, Math.min(order.size(), first + request.settings().batchSize()))
                    .stream().map(sequences::get).toList());
        }

        List<TrainingBatch> plainCodeBatch(int index) {
            int batchSize = request.settings().batchSize();
            int perPass = Math.max(1, plainCode.size() / batchSize);
            List<Integer> order = shuffled(plainCode.size(), ~seed() * 31 + index / perPass);
            int first = (index % perPass) * batchSize;
            return microBatches(order.subList(first, Math.min(order.size(), first + batchSize))
                    .stream().map(plainCode::get).toList());
        }

        private List<TrainingBatch> microBatches(List<int[]> batch) {
            return MicroBatches.of(batch, request.settings(), padId, maxLength);
        }

        private static List<Integer> shuffled(int size, long seed) {
            List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
            Collections.shuffle(order, new Random(seed));
            return order;
        }
    }
}
