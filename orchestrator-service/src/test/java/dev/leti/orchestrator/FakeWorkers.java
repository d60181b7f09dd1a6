package dev.leti.orchestrator;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.artifact.ArtifactPaths;
import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.contracts.run.RunCancelled;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.spring.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Stand-ins for the generator, executor and trainer over the real broker, so the orchestrator's
 * state machine can be tested on its own. Their behaviour is chosen by the checkpoint a request
 * names ({@code builtin:fake-...}), because a test learns a run's id only after its first
 * requests are on their way; requests for any other built-in checkpoint are left alone. Every sample and result is delivered twice (at-least-once).
 *
 * <p>Verdicts: sample i of iteration t passes when {@code i <= t}; otherwise a training sample
 * with the last index is a sandbox error and the rest fail an assert ({@link #NOISY}: by sample id).
 */
public class FakeWorkers {

    /** Answers every request. */
    public static final String NORMAL = "builtin:fake-normal";
    /** Never answers generation requests. */
    public static final String HOLD = "builtin:fake-hold";
    /** Ignores the first delivery of each generation request, answers the next. */
    public static final String HOLD_FIRST = "builtin:fake-hold-first";
    /** Reports every generation request as failed. */
    public static final String FAIL_GENERATION = "builtin:fake-fail-generation";
    /** Answers like {@link #NORMAL}, one sample every 100 ms: a stage lasts long enough to crash in. */
    public static final String SLOW = "builtin:fake-slow";
    /** Samples normally, fails the training job. */
    public static final String FAIL_TRAINING = "builtin:fake-fail-training";
    /**
     * Answers like {@link #NORMAL}, but each verdict follows from the sample's id (so from its
     * request's random id): PASSED, FAILED or ERROR. Two requests for the same problems and
     * seeds get different verdicts, as batch composition makes a real model's samples differ.
     */
    public static final String NOISY = "builtin:fake-noisy";

    public static final int COMPLETION_TOKENS = 7;

    private final KafkaTemplate<Object, Object> kafka;
    private final ArtifactStore artifacts;
    public final List<GenerationRequest> generationRequests = new CopyOnWriteArrayList<>();
    public final List<TrainingRequest> trainingRequests = new CopyOnWriteArrayList<>();
    public final List<RunCancelled> cancellations = new CopyOnWriteArrayList<>();
    private final Map<Object, Integer> deliveries = new ConcurrentHashMap<>();

    public FakeWorkers(KafkaTemplate<Object, Object> kafka, ArtifactStore artifacts) {
        this.kafka = kafka;
        this.artifacts = artifacts;
    }

    public List<GenerationRequest> requestsOf(java.util.UUID run) {
        return generationRequests.stream().filter(r -> r.runId().equals(run)).toList();
    }

    @KafkaListener(topics = LetiTopics.RUN_CANCELLATIONS, groupId = "fake-cancellations")
    void cancelled(RunCancelled message) {
        cancellations.add(message);
    }

    @KafkaListener(topics = LetiTopics.GENERATION_REQUESTS, groupId = "fake-generator")
    void generate(GenerationRequest request) {
        generationRequests.add(request);
        String mode = request.checkpointUri();
        int delivery = deliveries.merge(request.requestId(), 1, Integer::sum);
        boolean ours = mode.startsWith("builtin:fake-") || mode.startsWith("artifact:");
        if (!ours || mode.equals(HOLD) || (mode.equals(HOLD_FIRST) && delivery == 1)) {
            return;
        }
        if (mode.equals(FAIL_GENERATION)) {
            send(LetiTopics.GENERATION_FAILURES, request.runId().toString(), new GenerationFailed(request.requestId(),
                    request.runId(), request.iteration(), "checkpoint " + mode + " is corrupt", Instant.now()));
            return;
        }
        for (ProblemToSample problem : request.problems()) {
            for (int i = 0; i < problem.samples(); i++) {
                if (mode.equals(SLOW)) {
                    pause();
                }
                GeneratedSample sample = new GeneratedSample(
                        GeneratedSample.idFor(request.requestId(), problem.problemId(), i), request.requestId(),
                        request.runId(), request.iteration(), request.purpose(), problem.problemId(), i,
                        request.checkpointUri(), problem.prompt(), "def f(x):\n    return x  # " + i + "\n", 20,
                        COMPLETION_TOKENS, FinishReason.STOP, problem.execution(), Instant.now());
                ExecutionResult result = mode.equals(NOISY) ? noisyVerdict(sample)
                        : verdict(sample, problem.samples());
                for (int copy = 0; copy < 2; copy++) {
                    send(LetiTopics.SAMPLES, sample.sampleId().toString(), sample);
                    send(LetiTopics.EXECUTION_RESULTS, sample.sampleId().toString(), result);
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ExecutionResult verdict(GeneratedSample sample, int samplesPerProblem) {
        Outcome outcome;
        String exception = null;
        String feedback = "";
        if (sample.sampleIndex() <= sample.iteration()) {
            outcome = Outcome.PASSED;
        } else if (sample.purpose() == SamplePurpose.TRAIN && sample.sampleIndex() == samplesPerProblem - 1) {
            outcome = Outcome.SANDBOX_ERROR;
        } else {
            outcome = Outcome.FAILED;
            exception = "AssertionError";
            feedback = "Traceback (most recent call last):\n  File \"<program>\", line 3\nAssertionError";
        }
        return new ExecutionResult(sample.sampleId(), sample.runId(), sample.iteration(), sample.purpose(),
                sample.problemId(), new ExecutionReport(outcome, exception, feedback, "", "", false, false, 12, "fake"),
                Instant.now());
    }

    static ExecutionResult noisyVerdict(GeneratedSample sample) {
        Outcome outcome = switch (Math.floorMod(sample.sampleId().hashCode(), 3)) {
            case 0 -> Outcome.PASSED;
            case 1 -> Outcome.FAILED;
            default -> Outcome.ERROR;
        };
        String exception = outcome == Outcome.FAILED ? "AssertionError" : outcome == Outcome.ERROR ? "NameError" : null;
        String feedback = exception == null ? ""
                : "Traceback (most recent call last):\n  File \"<program>\", line 2\n" + exception;
        return new ExecutionResult(sample.sampleId(), sample.runId(), sample.iteration(), sample.purpose(),
                sample.problemId(), new ExecutionReport(outcome, exception, feedback, "", "", false, false, 12, "fake"),
                Instant.now());
    }

    @KafkaListener(topics = LetiTopics.TRAINING_REQUESTS, groupId = "fake-trainer")
    void train(TrainingRequest request) throws IOException {
        trainingRequests.add(request);
        long examples;
        try (var lines = Files.lines(artifacts.get(request.dataset()))) {
            examples = lines.count();
        }
        String run = request.runId().toString();
        send(LetiTopics.TRAINING_PROGRESS, run, new TrainingProgress(request.jobId(), request.runId(),
                request.iteration(), 1, 2, 1.5, 100, Instant.now()));
        if (request.baseCheckpoint().uri().equals(FAIL_TRAINING)) {
            send(LetiTopics.TRAINING_RESULTS, run, new TrainingResult(request.jobId(), request.runId(),
                    request.iteration(), TrainingResult.Status.FAILED, null, 1, 1.5, 1.5, 0, 5, "out of memory",
                    Instant.now()));
            return;
        }
        String path = "checkpoints/" + run + "/iteration-" + request.iteration();
        ArtifactRef checkpoint = artifacts.exists(ArtifactPaths.uriOf(path))
                ? artifacts.describe(ArtifactPaths.uriOf(path))
                : artifacts.write(path, target -> Files.writeString(target, "weights trained on " + examples));
        send(LetiTopics.TRAINING_RESULTS, run, new TrainingResult(request.jobId(), request.runId(),
                request.iteration(), TrainingResult.Status.SUCCEEDED, checkpoint, 2, 1.5, 0.5, examples * 10, 20,
                null, Instant.now()));
    }

    private void send(String topic, String key, Object message) {
        try {
            kafka.send(topic, key, message).get();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("fake worker could not send to " + topic, e));
        }
    }
}
