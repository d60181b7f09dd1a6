package dev.leti.orchestrator.messaging;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.orchestrator.OrchestratorMetrics;
import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what the other services report. Every write is keyed so that a redelivered
 * message changes nothing (insert ... on conflict do nothing, or an update guarded by the
 * current state); a message for a run this database does not know is ignored. Advancing
 * runs is {@code IterationEngine}'s job, not the listeners'.
 *
 * <p>Model output and program output may contain NUL characters, which PostgreSQL text
 * cannot hold; they are stored as U+FFFD so that such a sample is recorded (and its iteration
 * completes) instead of failing on every redelivery.
 */
@Component
public class MessageListeners {

    private static final Logger log = LoggerFactory.getLogger(MessageListeners.class);

    private final JdbcClient jdbc;
    private final OrchestratorMetrics metrics;

    MessageListeners(JdbcClient jdbc, OrchestratorMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.SAMPLES)
    public void onSample(GeneratedSample sample) {
        int inserted = jdbc.sql("""
                insert into samples (sample_id, request_id, run_id, iteration, purpose, problem_key, sample_index,
                    checkpoint_uri, prompt, completion, prompt_tokens, completion_tokens, finish_reason,
                    generated_at, recorded_at)
                select :id, :request, :run, :iteration, :purpose, :problem, :index, :checkpoint, :prompt,
                    :completion, :promptTokens, :completionTokens, :finish, :generatedAt, :now
                where exists (select 1 from runs where id = :run)
                on conflict (sample_id) do nothing""")
                .param("id", sample.sampleId())
                .param("request", sample.requestId())
                .param("run", sample.runId())
                .param("iteration", sample.iteration())
                .param("purpose", sample.purpose().name())
                .param("problem", sample.problemId())
                .param("index", sample.sampleIndex())
                .param("checkpoint", sample.checkpointUri())
                .param("prompt", storable(sample.prompt()))
                .param("completion", storable(sample.completion()))
                .param("promptTokens", sample.promptTokens())
                .param("completionTokens", sample.completionTokens())
                .param("finish", sample.finishReason() == null ? null : sample.finishReason().name())
                .param("generatedAt", timestamp(sample.generatedAt()))
                .param("now", now())
                .update();
        if (inserted == 1) {
            metrics.sampleRecorded(sample.purpose());
        }
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.EXECUTION_RESULTS)
    public void onExecutionResult(ExecutionResult result) {
        int inserted = jdbc.sql("""
                insert into execution_results (sample_id, run_id, iteration, purpose, problem_key, outcome,
                    exception_type, feedback, stdout, stderr, duration_millis, backend, finished_at, recorded_at)
                select :id, :run, :iteration, :purpose, :problem, :outcome, :exception, :feedback, :stdout,
                    :stderr, :duration, :backend, :finishedAt, :now
                where exists (select 1 from runs where id = :run)
                on conflict (sample_id) do nothing""")
                .param("id", result.sampleId())
                .param("run", result.runId())
                .param("iteration", result.iteration())
                .param("purpose", result.purpose().name())
                .param("problem", result.problemId())
                .param("outcome", result.outcome().name())
                .param("exception", result.exceptionType())
                .param("feedback", storable(result.feedback()))
                .param("stdout", storable(result.stdout()))
                .param("stderr", storable(result.stderr()))
                .param("duration", result.durationMillis())
                .param("backend", result.backend())
                .param("finishedAt", timestamp(result.finishedAt()))
                .param("now", now())
                .update();
        if (inserted == 1) {
            metrics.executionRecorded(result.outcome(), result.exceptionType());
        }
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.GENERATION_FAILURES)
    public void onGenerationFailed(GenerationFailed failure) {
        int updated = jdbc.sql("update generation_requests set failure = :reason where request_id = :id")
                .param("reason", failure.reason())
                .param("id", failure.requestId())
                .update();
        if (updated == 1) {
            log.warn("run {} iteration {}: generation request {} failed: {}", failure.runId(), failure.iteration(),
                    failure.requestId(), failure.reason());
        }
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.TRAINING_PROGRESS)
    public void onTrainingProgress(TrainingProgress progress) {
        jdbc.sql("""
                update training_jobs set status = 'RUNNING', step = greatest(step, :step), total_steps = :total,
                    loss = :loss, tokens_per_second = :tps, updated_at = :now
                where job_id = :id and status in ('REQUESTED', 'RUNNING')""")
                .param("step", progress.step())
                .param("total", progress.totalSteps())
                .param("loss", finite(progress.loss()))
                .param("tps", finite(progress.tokensPerSecond()))
                .param("now", now())
                .param("id", progress.jobId())
                .update();
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.TRAINING_RESULTS)
    public void onTrainingResult(TrainingResult result) {
        // The first result of a job wins; a redelivered or late duplicate changes nothing.
        int updated = jdbc.sql("""
                update training_jobs set status = :status, step = greatest(step, :steps),
                    total_steps = greatest(total_steps, :steps), initial_loss = :initial, final_loss = :final,
                    trained_tokens = :tokens, duration_millis = :duration, error = :error, updated_at = :now
                where job_id = :id and status in ('REQUESTED', 'RUNNING')""")
                .param("status", result.status().name())
                .param("steps", result.steps())
                .param("initial", finite(result.initialLoss()))
                .param("final", finite(result.finalLoss()))
                .param("tokens", result.trainedTokens())
                .param("duration", result.durationMillis())
                .param("error", result.error())
                .param("now", now())
                .param("id", result.jobId())
                .update();
        if (updated == 1 && result.checkpoint() != null) {
            jdbc.sql("""
                    insert into checkpoints (run_id, iteration, uri, sha256, created_at)
                    values (:run, :iteration, :uri, :sha, :now) on conflict do nothing""")
                    .param("run", result.runId())
                    .param("iteration", result.iteration())
                    .param("uri", result.checkpoint().uri())
                    .param("sha", result.checkpoint().sha256())
                    .param("now", now())
                    .update();
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    /** The text with every NUL replaced by U+FFFD (PostgreSQL text cannot hold NUL). */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
