package dev.leti.orchestrator.iteration;

import dev.leti.contracts.SamplePurpose;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunState;
import dev.leti.orchestrator.run.Stage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sampling stages that the members of a feedback-mode comparison share. Iteration 0 (the
 * base checkpoint's evaluation) and iteration 1's training samples (base checkpoint, no reward
 * token, the same seeds) do not depend on the feedback mode, so one member produces them and
 * the others copy its generation requests, samples and execution results under their own run
 * id (new ids derived from the run and the copied id). From then on a copy is an ordinary
 * complete stage: pass@k, views, the training dataset (and so each member's own training job
 * with its own feedback mode) and resume need nothing else. Copied requests are never published.
 *
 * <p>Who produces a stage: the member with the lowest index (the leader, member 0) that is still
 * running. A member that has no requests for a shared stage copies them from any member whose
 * iteration is past that stage; otherwise it waits while a lower-index member is running; when
 * none is (the leader failed or was cancelled before finishing the stage) it publishes the
 * stage's requests itself, and the members after it wait for it in turn.
 */
@Component
class SharedStages {

    private static final Logger log = LoggerFactory.getLogger(SharedStages.class);

    private final JdbcClient jdbc;
    private final SamplingStage sampling;

    SharedStages(JdbcClient jdbc, SamplingStage sampling) {
        this.jdbc = jdbc;
        this.sampling = sampling;
    }

    /** Whether a stage of the run is shared with the other members of its comparison. */
    static boolean isShared(RunRecord run, int iteration, SamplePurpose purpose) {
        return run.comparisonId() != null
                && ((iteration == 0 && purpose == SamplePurpose.EVAL)
                    || (iteration == 1 && purpose == SamplePurpose.TRAIN));
    }

    /** The iteration stage in which the samples of a purpose are drawn. */
    private static Stage stageOf(SamplePurpose purpose) {
        return purpose == SamplePurpose.TRAIN ? Stage.GENERATING : Stage.EVALUATING;
    }

    /** A member of the comparison: its index, state and the stage of the iteration in question. */
    private record Member(UUID id, int index, RunState state, Stage stage) {

        boolean finished(SamplePurpose purpose) {
            return stage != null && stage.ordinal() > stageOf(purpose).ordinal();
        }
    }

    /**
     * Gives a shared stage of the run its requests, if it has none yet: copied from a member
     * that finished the stage, or published by this run when no member before it is running.
     * Runs in the caller's (the run's step) transaction, so a copy is all or nothing.
     *
     * @param checkpoint the checkpoint the stage samples from, should this run produce it
     * @return whether the stage has its requests now; false while this run waits for another member
     */
    boolean provide(RunRecord run, int iteration, SamplePurpose purpose, String checkpoint) {
        if (hasRequests(run.id(), iteration, purpose)) {
            return true;
        }
        List<Member> members = members(run.comparisonId(), iteration);
        Member self = members.stream().filter(m -> m.id().equals(run.id())).findFirst().orElseThrow();
        Optional<Member> source = members.stream()
                .filter(m -> !m.id().equals(run.id()) && m.finished(purpose)).findFirst();
        if (source.isPresent()) {
            int samples = copy(source.get().id(), run.id(), iteration, purpose);
            log.info("run {} iteration {}: {} samples and their results copied from run {} of comparison {}",
                    run.id(), iteration, samples, source.get().id(), run.comparisonId());
            return true;
        }
        if (members.stream().anyMatch(m -> m.index() < self.index() && m.state() == RunState.RUNNING)) {
            return false;
        }
        sampling.publish(run, iteration, purpose, checkpoint);
        if (self.index() > 0) {
            log.warn("run {} iteration {}: no member before it in comparison {} is running or finished {} sampling; "
                    + "it samples them itself", run.id(), iteration, run.comparisonId(), purpose);
        }
        return true;
    }

    private boolean hasRequests(UUID run, int iteration, SamplePurpose purpose) {
        return jdbc.sql("""
                select exists (select 1 from generation_requests
                    where run_id = :run and iteration = :iteration and purpose = :purpose)""")
                .param("run", run).param("iteration", iteration).param("purpose", purpose.name())
                .query(Boolean.class).single();
    }

    private List<Member> members(UUID comparison, int iteration) {
        return jdbc.sql("""
                select r.id, r.comparison_index, r.state, i.stage from runs r
                left join iterations i on i.run_id = r.id and i.number = :iteration
                where r.comparison_id = :comparison order by r.comparison_index""")
                .param("comparison", comparison).param("iteration", iteration)
                .query((rs, i) -> new Member(rs.getObject("id", UUID.class), rs.getInt("comparison_index"),
                        RunState.valueOf(rs.getString("state")),
                        rs.getString("stage") == null ? null : Stage.valueOf(rs.getString("stage"))))
                .list();
    }

    /**
     * Copies the source's requests of a stage, their samples and the samples' results to the
     * target run. Every copied id is {@code md5(target run / source id)}: distinct per run, and
     * the copied results still point at the copied samples.
     *
     * @return the samples copied
     */
    private int copy(UUID source, UUID target, int iteration, SamplePurpose purpose) {
        jdbc.sql("""
                insert into generation_requests (request_id, run_id, iteration, purpose, expected_samples, payload,
                    attempts, last_attempt_at, failure, copied_from)
                select md5(cast(:target as text) || '/' || r.request_id)::uuid, :target, r.iteration, r.purpose,
                    r.expected_samples,
                    jsonb_set(jsonb_set(r.payload, '{requestId}',
                        to_jsonb(cast(md5(cast(:target as text) || '/' || r.request_id)::uuid as text))),
                        '{runId}', to_jsonb(cast(:target as text))),
                    0, r.last_attempt_at, null, r.request_id
                from generation_requests r
                where r.run_id = :source and r.iteration = :iteration and r.purpose = :purpose""")
                .param("source", source).param("target", target).param("iteration", iteration)
                .param("purpose", purpose.name())
                .update();
        int samples = jdbc.sql("""
                insert into samples (sample_id, request_id, run_id, iteration, purpose, problem_key, sample_index,
                    checkpoint_uri, prompt, completion, prompt_tokens, completion_tokens, finish_reason,
                    generated_at, recorded_at)
                select md5(cast(:target as text) || '/' || s.sample_id)::uuid,
                    md5(cast(:target as text) || '/' || s.request_id)::uuid, :target, s.iteration, s.purpose,
                    s.problem_key, s.sample_index, s.checkpoint_uri, s.prompt, s.completion, s.prompt_tokens,
                    s.completion_tokens, s.finish_reason, s.generated_at, s.recorded_at
                from samples s join generation_requests r on r.request_id = s.request_id
                where r.run_id = :source and r.iteration = :iteration and r.purpose = :purpose""")
                .param("source", source).param("target", target).param("iteration", iteration)
                .param("purpose", purpose.name())
                .update();
        jdbc.sql("""
                insert into execution_results (sample_id, run_id, iteration, purpose, problem_key, outcome,
                    exception_type, feedback, stdout, stderr, duration_millis, backend, finished_at, recorded_at)
                select md5(cast(:target as text) || '/' || e.sample_id)::uuid, :target, e.iteration, e.purpose,
                    e.problem_key, e.outcome, e.exception_type, e.feedback, e.stdout, e.stderr, e.duration_millis,
                    e.backend, e.finished_at, e.recorded_at
                from execution_results e join samples s on s.sample_id = e.sample_id
                join generation_requests r on r.request_id = s.request_id
                where r.run_id = :source and r.iteration = :iteration and r.purpose = :purpose""")
                .param("source", source).param("target", target).param("iteration", iteration)
                .param("purpose", purpose.name())
                .update();
        return samples;
    }
}
