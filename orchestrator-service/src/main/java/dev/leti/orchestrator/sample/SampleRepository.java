package dev.leti.orchestrator.sample;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.evaluation.PassAtK.ProblemTally;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the sampling stages produce: generation requests, the samples the generator reports,
 * their execution results, and pass@k computed from the results ({@code generation_requests},
 * {@code samples}, {@code execution_results}, {@code evaluations}). Samples and results are
 * keyed by the deterministic sample id, so a redelivered message is stored once; a message for
 * a run this database does not know is ignored.
 *
 * <p>Model output and program output may contain NUL characters, which PostgreSQL text cannot
 * hold; they are stored as U+FFFD so that such a sample is recorded (and its iteration
 * completes) instead of failing on every redelivery.
 */
@Repository
public class SampleRepository {

    private final JdbcClient jdbc;

    SampleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per {@link #stageKey}: execution results by outcome, and by exception type where one was raised. */
    public record ExecutionCounts(Map<String, Map<String, Long>> outcomes, Map<String, Map<String, Long>> exceptions,
                                  Map<String, Map<String, Long>> rewardHacks) {
    }

    /** One page of a run's samples, and how many match in all. */
    public record SamplePage(List<SampleView> content, long total) {
    }

    /** pass@k of one member of a comparison. */
    public record RunPassAtK(UUID runId, int iteration, String split, int k, double passAtK) {
    }

    /** The share of one comparison member's training samples of an iteration that passed. */
    public record RunTrainSuccess(UUID runId, int iteration, double rate) {
    }

    /** The key of an iteration's samples of one purpose in the per-stage maps. */
    public static String stageKey(int iteration, SamplePurpose purpose) {
        return iteration + "/" + purpose.name();
    }

    /** Records a sample; false if it was recorded before or its run is unknown. */
    public boolean recordSample(GeneratedSample sample) {
        return jdbc.sql("""
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
                .update() == 1;
    }

    /** Records an execution result; false if it was recorded before or its run is unknown. */
    public boolean recordResult(ExecutionResult result) {
        return jdbc.sql("""
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
                .param("outcome", result.report().outcome().name())
                .param("exception", result.report().exceptionType())
                .param("feedback", storable(result.report().feedback()))
                .param("stdout", storable(result.report().stdout()))
                .param("stderr", storable(result.report().stderr()))
                .param("duration", result.report().durationMillis())
                .param("backend", result.report().backend())
                .param("finishedAt", timestamp(result.finishedAt()))
                .param("now", now())
                .update() == 1;
    }

    /** Notes the generator's failure on the request; false if the request is unknown. */
    public boolean recordFailure(GenerationFailed failure) {
        return jdbc.sql("update generation_requests set failure = :reason where request_id = :id")
                .param("reason", failure.reason())
                .param("id", failure.requestId())
                .update() == 1;
    }

    /** Stores a request as its first attempt. */
    public void insertRequest(GenerationRequest request) {
        jdbc.sql("""
                insert into generation_requests (request_id, run_id, iteration, purpose, expected_samples, payload,
                    attempts, last_attempt_at)
                values (:id, :run, :iteration, :purpose, :expected, cast(:payload as jsonb), 1, :now)""")
                .param("id", request.requestId())
                .param("run", request.runId())
                .param("iteration", request.iteration())
                .param("purpose", request.purpose().name())
                .param("expected", request.totalSamples())
                .param("payload", LetiJson.mapper().writeValueAsString(request))
                .param("now", now())
                .update();
    }

    /** Counts another attempt of a request, clears its failure and returns it to be published again. */
    public GenerationRequest reattempt(UUID requestId) {
        jdbc.sql("""
                update generation_requests set attempts = attempts + 1, failure = null, last_attempt_at = :now
                where request_id = :id""")
                .param("now", now())
                .param("id", requestId)
                .update();
        String payload = jdbc.sql("select payload::text from generation_requests where request_id = :id")
                .param("id", requestId).query(String.class).single();
        return LetiJson.mapper().readValue(payload, GenerationRequest.class);
    }

    public boolean hasRequests(UUID run, int iteration, SamplePurpose purpose) {
        return jdbc.sql("""
                select exists (select 1 from generation_requests
                    where run_id = :run and iteration = :iteration and purpose = :purpose)""")
                .param("run", run).param("iteration", iteration).param("purpose", purpose.name())
                .query(Boolean.class).single();
    }

    /** Every request of a stage with how many of its samples have an execution result. */
    public List<RequestProgress> progress(UUID run, int iteration, SamplePurpose purpose) {
        return jdbc.sql("""
                select r.request_id, r.expected_samples, r.attempts, r.last_attempt_at, r.failure,
                    count(e.sample_id) as executed
                from generation_requests r
                left join samples s on s.request_id = r.request_id
                left join execution_results e on e.sample_id = s.sample_id
                where r.run_id = :run and r.iteration = :iteration and r.purpose = :purpose
                group by r.request_id""")
                .param("run", run)
                .param("iteration", iteration)
                .param("purpose", purpose.name())
                .query((rs, i) -> new RequestProgress(rs.getObject("request_id", UUID.class),
                        rs.getInt("expected_samples"), rs.getInt("executed"), rs.getInt("attempts"),
                        rs.getTimestamp("last_attempt_at").toInstant(), rs.getString("failure")))
                .list();
    }

    /**
     * The latest sign of life: a (re)published request of this stage, or a sample or result of
     * any run. While the workers are busy with other runs' requests, this stage waits in their
     * queue and is not stalled.
     */
    public Instant lastActivity(UUID run, int iteration, SamplePurpose purpose) {
        return jdbc.sql("""
                select greatest(
                    (select max(last_attempt_at) from generation_requests
                        where run_id = :run and iteration = :iteration and purpose = :purpose),
                    (select max(recorded_at) from samples),
                    (select max(recorded_at) from execution_results))""")
                .param("run", run)
                .param("iteration", iteration)
                .param("purpose", purpose.name())
                .query((rs, i) -> rs.getTimestamp(1).toInstant())
                .single();
    }

    /**
     * Copies the source's requests of a stage, their samples and the samples' results to the
     * target run. Every copied id is {@code md5(target run / source id)}: distinct per run, and
     * the copied results still point at the copied samples. Copied requests are never published
     * ({@code attempts} 0, {@code copied_from} the source request).
     *
     * @return the samples copied
     */
    public int copyStage(UUID source, UUID target, int iteration, SamplePurpose purpose) {
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

    /**
     * An iteration's training examples: every training sample that has an execution result,
     * except sandbox failures (the program's behaviour is unknown).
     */
    private static final String TRAINING_EXAMPLES = """
            from samples s join execution_results e on e.sample_id = s.sample_id
            join problems p on p.run_id = s.run_id and p.problem_key = s.problem_key
            where s.run_id = :run and s.iteration = :iteration and s.purpose = 'TRAIN'
                and e.outcome <> 'SANDBOX_ERROR'""";

    public int countTrainingExamples(UUID run, int iteration) {
        return jdbc.sql("select count(*) " + TRAINING_EXAMPLES).param("run", run).param("iteration", iteration)
                .query(Integer.class).single();
    }

    /** The training examples in a fixed order; the caller closes the stream. */
    public Stream<TrainingExample> trainingExamples(UUID run, int iteration) {
        return jdbc.sql("""
                        select s.sample_id, s.problem_key, coalesce(nullif(s.prompt, ''), p.prompt) as prompt,
                            s.completion, e.outcome, e.feedback
                        """ + TRAINING_EXAMPLES + " order by p.position, s.problem_key, s.sample_index, s.sample_id")
                .param("run", run)
                .param("iteration", iteration)
                .query((rs, i) -> new TrainingExample(rs.getObject("sample_id", UUID.class),
                        rs.getString("problem_key"), rs.getString("prompt"), rs.getString("completion"),
                        Outcome.valueOf(rs.getString("outcome")), rs.getString("feedback")))
                .stream();
    }

    /**
     * Per problem of a set, in a fixed order: equal results give a bit-identical mean
     * (comparison members share them).
     */
    public List<ProblemTally> evaluationTallies(UUID run, int iteration, String set) {
        return jdbc.sql("""
                select count(e.sample_id) as samples, count(*) filter (where e.outcome = 'PASSED') as passed
                from problems p
                left join execution_results e on e.run_id = p.run_id and e.problem_key = p.problem_key
                    and e.iteration = :iteration and e.purpose = 'EVAL'
                where p.run_id = :run and p.problem_set = :set
                group by p.problem_key order by p.problem_key""")
                .param("run", run)
                .param("iteration", iteration)
                .param("set", set)
                .query((rs, i) -> new ProblemTally(rs.getInt("samples"), rs.getInt("passed")))
                .list();
    }

    /** Stores pass@k of an iteration's evaluation set; storing it again replaces it. */
    public void storePassAtK(UUID run, int iteration, EvaluationRow row) {
        jdbc.sql("""
                insert into evaluations (run_id, iteration, split, k, pass_at_k, problems, samples_per_problem)
                values (:run, :iteration, :split, :k, :value, :problems, :n)
                on conflict (run_id, iteration, split, k) do update set pass_at_k = excluded.pass_at_k,
                    problems = excluded.problems, samples_per_problem = excluded.samples_per_problem""")
                .param("run", run)
                .param("iteration", iteration)
                .param("split", row.split())
                .param("k", row.k())
                .param("value", row.passAtK())
                .param("problems", row.problems())
                .param("n", row.samplesPerProblem())
                .update();
    }

    /** A run's pass@k rows by iteration, each iteration's by split and k. */
    public Map<Integer, List<EvaluationRow>> evaluations(UUID run) {
        Map<Integer, List<EvaluationRow>> rows = new HashMap<>();
        jdbc.sql("select * from evaluations where run_id = :run order by iteration, split, k").param("run", run)
                .query(rs -> {
                    rows.computeIfAbsent(rs.getInt("iteration"), i -> new ArrayList<>()).add(new EvaluationRow(
                            rs.getString("split"), rs.getInt("k"), rs.getDouble("pass_at_k"), rs.getInt("problems"),
                            rs.getInt("samples_per_problem")));
                });
        return rows;
    }

    public ExecutionCounts executionCounts(UUID run) {
        Map<String, Map<String, Long>> outcomes = new HashMap<>();
        Map<String, Map<String, Long>> exceptions = new HashMap<>();
        jdbc.sql("""
                select iteration, purpose, outcome, exception_type, count(*) as n from execution_results
                where run_id = :run group by iteration, purpose, outcome, exception_type""")
                .param("run", run)
                .query(rs -> {
                    String key = stageKey(rs.getInt("iteration"), SamplePurpose.valueOf(rs.getString("purpose")));
                    long n = rs.getLong("n");
                    outcomes.computeIfAbsent(key, k -> new TreeMap<>()).merge(rs.getString("outcome"), n, Long::sum);
                    String exception = rs.getString("exception_type");
                    if (exception != null && !exception.isBlank()) {
                        exceptions.computeIfAbsent(key, k -> new TreeMap<>()).merge(exception, n, Long::sum);
                    }
                });
        // The executor names each reward hack in a SUSPICIOUS result's feedback: "RewardHack (<kind>): ...".
        Map<String, Map<String, Long>> hacks = new HashMap<>();
        jdbc.sql("""
                select e.iteration, e.purpose, m.parts[1] as kind, count(distinct e.sample_id) as n
                from execution_results e
                cross join lateral regexp_matches(e.feedback, 'RewardHack \\(([a-z-]+)\\)', 'g') as m(parts)
                where e.run_id = :run and e.outcome = 'SUSPICIOUS'
                group by e.iteration, e.purpose, m.parts[1]""")
                .param("run", run)
                .query(rs -> {
                    String key = stageKey(rs.getInt("iteration"), SamplePurpose.valueOf(rs.getString("purpose")));
                    hacks.computeIfAbsent(key, k -> new TreeMap<>()).put(rs.getString("kind"), rs.getLong("n"));
                });
        return new ExecutionCounts(outcomes, exceptions, hacks);
    }

    /** Per {@link #stageKey}: samples recorded and completion tokens. */
    public Map<String, long[]> sampleCounts(UUID run) {
        Map<String, long[]> counts = new HashMap<>();
        jdbc.sql("""
                select iteration, purpose, count(*) as n, coalesce(sum(completion_tokens), 0) as tokens
                from samples where run_id = :run group by iteration, purpose""")
                .param("run", run)
                .query(rs -> {
                    counts.put(stageKey(rs.getInt("iteration"), SamplePurpose.valueOf(rs.getString("purpose"))),
                            new long[] {rs.getLong("n"), rs.getLong("tokens")});
                });
        return counts;
    }

    /** An iteration's samples with their verdicts, optionally of one purpose or outcome only. */
    public SamplePage samples(UUID run, int iteration, Outcome outcome, SamplePurpose purpose, int page, int size) {
        String where = """
                from samples s
                left join execution_results e on e.sample_id = s.sample_id
                left join problems p on p.run_id = s.run_id and p.problem_key = s.problem_key
                where s.run_id = :run and s.iteration = :iteration
                    and (cast(:purpose as text) is null or s.purpose = :purpose)
                    and (cast(:outcome as text) is null or e.outcome = :outcome)""";
        var count = jdbc.sql("select count(*) " + where);
        var select = jdbc.sql("""
                select s.sample_id, s.purpose, p.problem_set, p.task_id, s.problem_key, s.sample_index, s.prompt,
                    s.completion, s.completion_tokens, s.finish_reason, e.outcome, e.exception_type, e.feedback,
                    e.duration_millis
                """ + where + " order by s.purpose, p.problem_set, p.position, s.sample_index, s.sample_id "
                + "limit :size offset :offset");
        for (var spec : List.of(count, select)) {
            spec.param("run", run).param("iteration", iteration)
                    .param("purpose", purpose == null ? null : purpose.name())
                    .param("outcome", outcome == null ? null : outcome.name());
        }
        long total = count.query(Long.class).single();
        List<SampleView> content = select.param("size", size).param("offset", (long) page * size)
                .query((rs, i) -> new SampleView(rs.getObject("sample_id", UUID.class),
                        SamplePurpose.valueOf(rs.getString("purpose")), rs.getString("problem_set"),
                        rs.getString("task_id") != null ? rs.getString("task_id") : rs.getString("problem_key"),
                        rs.getInt("sample_index"), rs.getString("prompt"), rs.getString("completion"),
                        rs.getInt("completion_tokens"), rs.getString("finish_reason"),
                        rs.getString("outcome") == null ? null : Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("exception_type"), rs.getString("feedback"),
                        (Long) rs.getObject("duration_millis")))
                .list();
        return new SamplePage(content, total);
    }

    /** pass@k of every member of a comparison, by iteration, split and k. */
    public List<RunPassAtK> comparisonPassAtK(UUID comparison) {
        return jdbc.sql("""
                select e.run_id, e.iteration, e.split, e.k, e.pass_at_k from evaluations e
                join runs r on r.id = e.run_id where r.comparison_id = :id order by e.iteration, e.split, e.k""")
                .param("id", comparison)
                .query((rs, i) -> new RunPassAtK(rs.getObject("run_id", UUID.class), rs.getInt("iteration"),
                        rs.getString("split"), rs.getInt("k"), rs.getDouble("pass_at_k")))
                .list();
    }

    /** The training samples' success rate of every member of a comparison, by iteration. */
    public List<RunTrainSuccess> comparisonTrainSuccess(UUID comparison) {
        return jdbc.sql("""
                select e.run_id, e.iteration, avg(case when e.outcome = 'PASSED' then 1.0 else 0.0 end) as rate
                from execution_results e join runs r on r.id = e.run_id
                where r.comparison_id = :id and e.purpose = 'TRAIN'
                group by e.run_id, e.iteration order by e.iteration""")
                .param("id", comparison)
                .query((rs, i) -> new RunTrainSuccess(rs.getObject("run_id", UUID.class), rs.getInt("iteration"),
                        rs.getDouble("rate")))
                .list();
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
