package dev.leti.orchestrator.training;

import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Training jobs and the checkpoints they produce ({@code training_jobs}, {@code checkpoints}).
 * A job's reports are applied only while it is REQUESTED or RUNNING, so the first result wins
 * and a redelivered or late report changes nothing.
 */
@Repository
public class TrainingJobRepository {

    private final JdbcClient jdbc;

    TrainingJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the job as REQUESTED, its first attempt. */
    public void insert(TrainingRequest request, int examples) {
        Timestamp now = now();
        jdbc.sql("""
                insert into training_jobs (job_id, run_id, iteration, status, payload, examples, dataset_uri,
                    dataset_sha256, attempts, last_attempt_at, updated_at)
                values (:id, :run, :iteration, 'REQUESTED', cast(:payload as jsonb), :examples, :uri, :sha, 1,
                    :now, :now)""")
                .param("id", request.jobId())
                .param("run", request.runId())
                .param("iteration", request.iteration())
                .param("payload", LetiJson.mapper().writeValueAsString(request))
                .param("examples", examples)
                .param("uri", request.dataset().uri())
                .param("sha", request.dataset().sha256())
                .param("now", now)
                .update();
    }

    /** The job of an iteration, which must exist. */
    public TrainingJob job(UUID run, int iteration) {
        return jdbc.sql("""
                select job_id, status, attempts, error, payload::text as payload, step, total_steps,
                    greatest(last_attempt_at, (select max(updated_at) from training_jobs)) as updated_at
                from training_jobs where run_id = :run and iteration = :iteration""")
                .param("run", run)
                .param("iteration", iteration)
                .query((rs, i) -> new TrainingJob(rs.getObject("job_id", UUID.class), rs.getString("status"),
                        rs.getInt("attempts"), rs.getTimestamp("updated_at").toInstant(), rs.getString("error"),
                        rs.getString("payload"), rs.getInt("step"), rs.getInt("total_steps")))
                .single();
    }

    /** Counts another attempt of a job (about to be requested again). */
    public void countAttempt(UUID jobId) {
        jdbc.sql("update training_jobs set attempts = attempts + 1, last_attempt_at = :now where job_id = :id")
                .param("now", now())
                .param("id", jobId)
                .update();
    }

    /** The checkpoint an iteration's training produced. */
    public Optional<ArtifactRef> checkpoint(UUID run, int iteration) {
        return jdbc.sql("select uri, sha256 from checkpoints where run_id = :run and iteration = :i")
                .param("run", run).param("i", iteration)
                .query((rs, i) -> new ArtifactRef(rs.getString("uri"), rs.getString("sha256")))
                .optional();
    }

    public void recordProgress(TrainingProgress progress) {
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

    /** Records a job's result and the checkpoint it produced, unless the job already has a result. */
    public void recordResult(TrainingResult result) {
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

    /** A run's jobs by iteration. */
    public Map<Integer, TrainingView> views(UUID run) {
        Map<Integer, TrainingView> jobs = new HashMap<>();
        jdbc.sql("select * from training_jobs where run_id = :run").param("run", run).query(rs -> {
            jobs.put(rs.getInt("iteration"), new TrainingView(rs.getObject("job_id", UUID.class),
                    rs.getString("status"), rs.getInt("examples"), rs.getString("dataset_uri"), rs.getInt("step"),
                    rs.getInt("total_steps"), (Double) rs.getObject("loss"), (Double) rs.getObject("initial_loss"),
                    (Double) rs.getObject("final_loss"), (Long) rs.getObject("trained_tokens"),
                    (Long) rs.getObject("duration_millis"), rs.getString("error"), rs.getInt("attempts")));
        });
        return jobs;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
