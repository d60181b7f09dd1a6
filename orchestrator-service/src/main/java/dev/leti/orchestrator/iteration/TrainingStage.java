package dev.leti.orchestrator.iteration;

import dev.leti.contracts.artifact.ArtifactPaths;
import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.OrchestratorProperties;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.messaging.Outbox;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.sample.SampleRepository;
import dev.leti.orchestrator.training.TrainingJob;
import dev.leti.orchestrator.training.TrainingJobRepository;
import dev.leti.spring.artifact.ArtifactStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Building an iteration's training dataset artifact and fine-tuning on it: the dataset holds
 * every training sample that has an execution result, except sandbox failures (the
 * program's behaviour is unknown); the trainer applies the feedback mode. An unfinished job
 * is requested again (same job id) when no training job of any run has reported for
 * {@code training-timeout} (a trainer busy with another run's job is not stalled), until
 * {@code max-attempts}; a failed job fails the stage.
 */
@Component
public class TrainingStage {

    private static final Logger log = LoggerFactory.getLogger(TrainingStage.class);

    private final TrainingJobRepository jobs;
    private final SampleRepository samples;
    private final ArtifactStore artifacts;
    private final Outbox outbox;
    private final OrchestratorProperties properties;
    private final OrchestratorMetrics metrics;

    TrainingStage(TrainingJobRepository jobs, SampleRepository samples, ArtifactStore artifacts, Outbox outbox,
                  OrchestratorProperties properties, OrchestratorMetrics metrics) {
        this.jobs = jobs;
        this.samples = samples;
        this.artifacts = artifacts;
        this.outbox = outbox;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** The job id of an iteration's training: the same on every attempt, so the trainer can deduplicate. */
    static UUID jobId(UUID run, int iteration) {
        return UUID.nameUUIDFromBytes(("training/" + run + "/" + iteration).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the dataset artifact and requests the training job (through the outbox). */
    public void start(RunRecord run, int iteration, String baseCheckpoint) {
        int examples = samples.countTrainingExamples(run.id(), iteration);
        if (examples == 0) {
            throw new StageFailedException("iteration " + iteration + " has no training examples: every train "
                    + "sample ended in SANDBOX_ERROR");
        }
        String path = "datasets/" + run.id() + "/iteration-" + iteration + ".jsonl";
        String uri = ArtifactPaths.uriOf(path);
        // A crash after the write but before the commit leaves the artifact behind; it holds
        // the same samples, so the next attempt reuses it.
        ArtifactRef dataset = artifacts.exists(uri) ? artifacts.describe(uri)
                : artifacts.write(path, target -> writeExamples(run.id(), iteration, target));
        RunSpec spec = run.spec();
        var request = new TrainingRequest(jobId(run.id(), iteration), run.id(), iteration,
                checkpointRef(run.id(), iteration - 1, baseCheckpoint), dataset, spec.feedbackMode(), spec.training());
        jobs.insert(request, examples);
        outbox.enqueue(run.id(), run.id().toString(), request);
        log.info("run {} iteration {}: training on {} examples ({})", run.id(), iteration, examples, dataset.uri());
    }

    /**
     * The new checkpoint once the job succeeded; empty while it runs.
     *
     * @throws StageFailedException when the job failed or stalled past its attempts
     */
    public Optional<String> settle(RunRecord run, int iteration) {
        TrainingJob job = jobs.job(run.id(), iteration);
        switch (job.status()) {
            case "SUCCEEDED" -> {
                return Optional.of(jobs.checkpoint(run.id(), iteration).orElseThrow(() -> new IllegalStateException(
                        "training of iteration " + iteration + " succeeded without a checkpoint")).uri());
            }
            case "FAILED" -> throw new StageFailedException("training of iteration " + iteration + " failed: "
                    + job.error());
            default -> {
                metrics.progress(run.id(), Stage.TRAINING,
                        job.totalSteps() == 0 ? 0.0 : Math.min(1.0, (double) job.step() / job.totalSteps()));
                if (Duration.between(job.lastActivity(), Instant.now()).compareTo(properties.trainingTimeout()) > 0) {
                    retry(run, iteration, job);
                }
                return Optional.empty();
            }
        }
    }

    private void retry(RunRecord run, int iteration, TrainingJob job) {
        String why = "no training progress for " + properties.trainingTimeout().toSeconds() + " s";
        if (job.attempts() >= properties.maxAttempts()) {
            throw new StageFailedException("training of iteration " + iteration + " failed after " + job.attempts()
                    + " attempts: " + why);
        }
        log.warn("run {} iteration {}: requesting training job {} again (attempt {}): {}", run.id(), iteration,
                job.jobId(), job.attempts() + 1, why);
        jobs.countAttempt(job.jobId());
        outbox.enqueue(run.id(), run.id().toString(), job.request());
    }

    /** The checkpoint an iteration produced, or the base checkpoint for iteration 0. */
    private ArtifactRef checkpointRef(UUID run, int iteration, String baseCheckpoint) {
        return jobs.checkpoint(run, iteration)
                .orElseGet(() -> ArtifactPaths.isArtifactUri(baseCheckpoint)
                        ? artifacts.describe(baseCheckpoint) : new ArtifactRef(baseCheckpoint, null));
    }

    private void writeExamples(UUID run, int iteration, java.nio.file.Path target) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             Stream<TrainingExample> examples = samples.trainingExamples(run, iteration)) {
            for (TrainingExample example : (Iterable<TrainingExample>) examples::iterator) {
                out.write(LetiJson.mapper().writeValueAsString(example));
                out.write('\n');
            }
        }
    }
}
