package dev.leti.generator.sampling;

import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.generator.GeneratorProperties;
import dev.leti.generator.model.ModelCache;
import dev.leti.model.LanguageModel;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.GenerationResult;
import dev.leti.model.sampling.Sampler;
import dev.leti.spring.artifact.ArtifactException;
import dev.leti.spring.messaging.CancelledRuns;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one thread that drives the device: takes a batch of up to {@code batch-size} queued
 * samples of one checkpoint (from any number of requests), samples them together, and
 * publishes each sample the moment its sequence ends. A checkpoint that cannot be loaded fails
 * the requests that asked for it ({@link GenerationFailed}) and the worker goes on with the next batch.
 */
@Component
class SamplingWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SamplingWorker.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);

    private final GenerationQueue queue;
    private final IntakeControl intake;
    private final ModelCache models;
    private final SamplePublisher publisher;
    private final RequestOffsets offsets;
    private final GeneratorMetrics metrics;
    private final CancelledRuns cancelled;
    private final int batchSize;
    private final Duration linger;
    private volatile Thread thread;

    SamplingWorker(GenerationQueue queue, IntakeControl intake, ModelCache models, SamplePublisher publisher,
            RequestOffsets offsets, GeneratorMetrics metrics, CancelledRuns cancelled, GeneratorProperties properties) {
        this.queue = queue;
        this.intake = intake;
        this.models = models;
        this.publisher = publisher;
        this.offsets = offsets;
        this.metrics = metrics;
        this.cancelled = cancelled;
        this.batchSize = properties.batchSize();
        this.linger = properties.batchLinger();
    }

    @Override
    public synchronized void start() {
        thread = new Thread(this::work, "sampling-worker");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        running.interrupt();
        try {
            running.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void work() {
        while (thread != null) {
            try {
                List<SampleTask> batch = queue.awaitBatch(batchSize, IDLE_WAIT, linger);
                intake.adjust();
                if (!batch.isEmpty()) {
                    sample(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Sampling batch failed", e);
            }
        }
    }

    private void sample(List<SampleTask> batch) {
        String checkpointUri = batch.get(0).checkpointUri();
        LanguageModel model;
        try {
            model = models.get(checkpointUri);
        } catch (ArtifactException | IOException | IllegalArgumentException e) {
            fail(batch, "cannot load checkpoint " + checkpointUri + ": " + e.getMessage());
            return;
        }
        List<GenerationInput> inputs = batch.stream().map(task -> new GenerationInput(
                model.tokenizer().encodePrompt(task.request().rewardToken().text(), task.problem().prompt()),
                WireToModel.sampling(task.request()), task.seed())).toList();
        long started = System.nanoTime();
        List<GenerationResult> results;
        try {
            results = new Sampler(model).generate(inputs, result -> publish(batch.get(result.index()), result));
        } catch (RuntimeException e) {
            log.error("Sampling from {} failed", checkpointUri, e);
            fail(batch, "sampling from " + checkpointUri + " failed: " + e.getMessage());
            return;
        }
        long tokens = results.stream().mapToLong(GenerationResult::completionTokens).sum();
        long longest = results.stream().mapToLong(GenerationResult::completionTokens).max().orElse(0);
        // Busy slots per decoding step: a static batch runs as long as its longest sequence.
        metrics.batchFinished(tokens, System.nanoTime() - started,
                longest == 0 ? 0 : (double) tokens / ((double) batchSize * longest));
    }

    private void publish(SampleTask task, GenerationResult result) {
        GenerationRequest request = task.request();
        if (cancelled.isCancelled(request.runId())) {
            return;
        }
        publisher.sample(new GeneratedSample(task.sampleId(), request.requestId(), request.runId(), request.iteration(),
                request.purpose(), task.problem().problemId(), task.index(), request.checkpointUri(),
                task.problem().prompt(), result.text(), result.promptTokens(), result.completionTokens(),
                WireToModel.finishReason(result.finishReason()), task.problem().execution(), Instant.now()));
        metrics.sampleFinished(result.completionTokens());
        if (queue.completed(task)) {
            served(request);
            log.info("Generation request {} (run {}) done: {} samples", request.requestId(), request.runId(),
                    request.totalSamples());
        }
    }

    private void fail(List<SampleTask> batch, String reason) {
        Map<UUID, GenerationRequest> requests = new LinkedHashMap<>();
        batch.forEach(task -> requests.putIfAbsent(task.request().requestId(), task.request()));
        for (GenerationRequest request : requests.values()) {
            if (queue.abandon(request.requestId())) {
                log.warn("Generation request {} (run {}) failed: {}", request.requestId(), request.runId(), reason);
                publisher.failure(new GenerationFailed(request.requestId(), request.runId(), request.iteration(), reason,
                        Instant.now()));
                served(request);
            }
        }
        intake.adjust();
    }

    /** Everything the request led to is on the broker: its record may now be committed. */
    private void served(GenerationRequest request) {
        publisher.flush();
        offsets.served(request.requestId());
    }
}
