package dev.leti.orchestrator.iteration;

import dev.leti.contracts.artifact.ArtifactPaths;
import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingSettings;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.OrchestratorProperties;
import dev.leti.orchestrator.messaging.Outbox;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.run.Stage;
import dev.leti.spring.artifact.ArtifactStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;
    private final ArtifactStore artifacts;
    private final Outbox outbox;
    private final OrchestratorProperties properties;
    private final OrchestratorMetrics metrics;

    TrainingStage(JdbcClient jdbc, ArtifactStore artifacts, Outbox outbox, OrchestratorProperties properties,
                  OrchestratorMetrics metrics) {
        this.jdbc = jdbc;
        this.artifacts = artifacts;
        this.outbox = outbox;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** A training job's row, as far as the state machine needs it. */
    record Job(UUID jobId, String status, int attempts, Instant updatedAt, String error, String payload, int step,
               int totalSteps) {
    }

    /** The job id of an iteration's training: the same on every attempt, so the trainer can deduplicate. */
    static UUID jobId(UUID run, int iteration) {
        return UUID.nameUUIDFromBytes(("training/" + run + "/" + iteration).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the dataset artifact and requests the training job (through the outbox). */
    public void start(RunRecord run, int iteration, String baseCheckpoint) {
        int examples = countExamples(run.id(), iteration);
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
        RunSpec.TrainingSpec t = spec.training();
        var settings = new TrainingSettings(t.epochs(), t.batchSize(), t.gradientAccumulation(), t.learningRate(),
                t.weightDecay(), t.schedule(), t.warmupSteps(), t.maxGradNorm(), t.maxSequenceLength(),
                t.pretrainMix(), t.pretrainStepsPerStep(), t.seed() + iteration, t.microBatchTokens(), t.gradientCheckpointing(),
                t.lora() == null ? null : new TrainingSettings.Lora(t.lora().rank(), t.lora().alpha(), t.lora().targetModules()));
        var request = new TrainingRequest(jobId(run.id(), iteration), run.id(), iteration,
                checkpointRef(run.id(), iteration - 1, baseCheckpoint), dataset, spec.feedbackMode(),
                t.pretrainCorpusUri(), settings);
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into training_jobs (job_id, run_id, iteration, status, payload, examples, dataset_uri,
                    dataset_sha256, attempts, last_attempt_at, updated_at)
                values (:id, :run, :iteration, 'REQUESTED', cast(:payload as jsonb), :examples, :uri, :sha, 1,
                    :now, :now)""")
                .param("id", request.jobId())
                .param("run", run.id())
                .param("iteration", iteration)
                .param("payload", LetiJson.mapper().writeValueAsString(request))
                .param("examples", examples)
                .param("uri", dataset.uri())
                .param("sha", dataset.sha256())
                .param("now", now)
                .update();
        outbox.enqueue(run.id(), run.id().toString(), request);
        log.info("run {} iteration {}: training on {} examples ({})", run.id(), iteration, examples, dataset.uri());
    }

    /**
     * The new checkpoint once the job succeeded; empty while it runs.
     *
     * @throws StageFailedException when the job failed or stalled past its attempts
     */
    public Optional<String> settle(RunRecord run, int iteration) {
        Job job = jdbc.sql("""
                select job_id, status, attempts, error, payload::text as payload, step, total_steps,
                    greatest(last_attempt_at, (select max(updated_at) from training_jobs)) as updated_at
                from training_jobs where run_id = :run and iteration = :iteration""")
                .param("run", run.id())
                .param("iteration", iteration)
                .query((rs, i) -> new Job(rs.getObject("job_id", UUID.class), rs.getString("status"),
                        rs.getInt("attempts"), rs.getTimestamp("updated_at").toInstant(), rs.getString("error"),
                        rs.getString("payload"), rs.getInt("step"), rs.getInt("total_steps")))
                .single();
        switch (job.status()) {
            case "SUCCEEDED" -> {
                return Optional.of(jdbc.sql("select uri from checkpoints where run_id = :run and iteration = :i")
                        .param("run", run.id()).param("i", iteration).query(String.class).single());
            }
            case "FAILED" -> throw new StageFailedException("training of iteration " + iteration + " failed: "
                    + job.error());
            default -> {
                metrics.progress(run.id(), Stage.TRAINING,
                        job.totalSteps() == 0 ? 0.0 : Math.min(1.0, (double) job.step() / job.totalSteps()));
                if (Duration.between(job.updatedAt(), Instant.now()).compareTo(properties.trainingTimeout()) > 0) {
                    retry(run, iteration, job);
                }
                return Optional.empty();
            }
        }
    }

    private void retry(RunRecord run, int iteration, Job job) {
        String why = "no training progress for " + properties.trainingTimeout().toSeconds() + " s";
        if (job.attempts() >= properties.maxAttempts()) {
            throw new StageFailedException("training of iteration " + iteration + " failed after " + job.attempts()
                    + " attempts: " + why);
        }
        log.warn("run {} iteration {}: requesting training job {} again (attempt {}): {}", run.id(), iteration,
                job.jobId(), job.attempts() + 1, why);
        jdbc.sql("update training_jobs set attempts = attempts + 1, last_attempt_at = :now where job_id = :id")
                .param("now", Timestamp.from(Instant.now()))
                .param("id", job.jobId())
                .update();
        outbox.enqueue(run.id(), run.id().toString(), LetiJson.mapper().readValue(job.payload(), TrainingRequest.class));
    }

    /** The checkpoint an iteration produced, or the base checkpoint for iteration 0. */
    private ArtifactRef checkpointRef(UUID run, int iteration, String baseCheckpoint) {
        return jdbc.sql("select uri, sha256 from checkpoints where run_id = :run and iteration = :i")
                .param("run", run).param("i", iteration)
                .query((rs, i) -> new ArtifactRef(rs.getString("uri"), rs.getString("sha256")))
                .optional()
                .orElseGet(() -> ArtifactPaths.isArtifactUri(baseCheckpoint)
                        ? artifacts.describe(baseCheckpoint) : new ArtifactRef(baseCheckpoint, null));
    }

    private static final String EXAMPLES = """
            from samples s join execution_results e on e.sample_id = s.sample_id
            join problems p on p.run_id = s.run_id and p.problem_key = s.problem_key
            where s.run_id = :run and s.iteration = :iteration and s.purpose = 'TRAIN'
                and e.outcome <> 'SANDBOX_ERROR'""";

    private int countExamples(UUID run, int iteration) {
        return jdbc.sql("select count(*) " + EXAMPLES).param("run", run).param("iteration", iteration)
                .query(Integer.class).single();
    }

    private void writeExamples(UUID run, int iteration, java.nio.file.Path target) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             Stream<TrainingExample> examples = jdbc.sql("""
                             select s.sample_id, s.problem_key, coalesce(nullif(s.prompt, ''), p.prompt) as prompt,
                                 s.completion, e.outcome, e.feedback
                             """ + EXAMPLES + " order by p.position, s.problem_key, s.sample_index, s.sample_id")
                     .param("run", run)
                     .param("iteration", iteration)
                     .query((rs, i) -> new TrainingExample(rs.getObject("sample_id", UUID.class),
                             rs.getString("problem_key"), rs.getString("prompt"), rs.getString("completion"),
                             Outcome.valueOf(rs.getString("outcome")), rs.getString("feedback")))
                     .stream()) {
            for (TrainingExample example : (Iterable<TrainingExample>) examples::iterator) {
                out.write(LetiJson.mapper().writeValueAsString(example));
                out.write('\n');
            }
        }
    }
}
