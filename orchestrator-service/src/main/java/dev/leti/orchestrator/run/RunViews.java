package dev.leti.orchestrator.run;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.Outcome;
import dev.leti.orchestrator.iteration.SamplingStage;
import dev.leti.orchestrator.run.RunView.EvaluationRow;
import dev.leti.orchestrator.run.RunView.ExecutionStats;
import dev.leti.orchestrator.run.RunView.IterationView;
import dev.leti.orchestrator.run.RunView.Progress;
import dev.leti.orchestrator.run.RunView.TrainingView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The read side: a run's view with its per-iteration metrics, and its samples. */
@Component
public class RunViews {

    private final JdbcClient jdbc;
    private final RunRepository runs;
    private final SamplingStage sampling;

    RunViews(JdbcClient jdbc, RunRepository runs, SamplingStage sampling) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.sampling = sampling;
    }

    static RunView.Summary summary(RunRecord run) {
        return new RunView.Summary(run.id(), run.name(), run.comparisonId(), run.spec().feedbackMode(), run.state(),
                run.currentIteration(), run.currentStage(), run.createdAt(), run.finishedAt());
    }

    public RunView view(RunRecord run) {
        UUID id = run.id();
        List<IterationRecord> iterations = runs.iterations(id);
        Map<Integer, List<EvaluationRow>> evaluations = evaluations(id, SamplingStage.evalSets(run.spec()));
        Map<String, Map<String, Long>> outcomes = new HashMap<>();
        Map<String, Map<String, Long>> exceptions = new HashMap<>();
        executionCounts(id, outcomes, exceptions);
        Map<String, long[]> sampleCounts = sampleCounts(id);
        Map<Integer, TrainingView> trainings = trainings(id);
        Map<Integer, Map<Stage, Double>> timings = stageSeconds(id);

        List<IterationView> views = new ArrayList<>();
        for (IterationRecord it : iterations) {
            int n = it.number();
            long[] train = sampleCounts.getOrDefault(key(n, SamplePurpose.TRAIN), new long[2]);
            long[] eval = sampleCounts.getOrDefault(key(n, SamplePurpose.EVAL), new long[2]);
            List<EvaluationRow> rows = evaluations.getOrDefault(n, List.of());
            Map<String, Map<Integer, Double>> passAtK = new LinkedHashMap<>();
            rows.forEach(r -> passAtK.computeIfAbsent(r.split(), s -> new TreeMap<>()).put(r.k(), r.passAtK()));
            views.add(new IterationView(n, it.stage(), it.evalCheckpoint(), it.startedAt(), it.finishedAt(), passAtK,
                    rows, stats(train[0], outcomes.get(key(n, SamplePurpose.TRAIN)),
                    exceptions.get(key(n, SamplePurpose.TRAIN))),
                    stats(eval[0], outcomes.get(key(n, SamplePurpose.EVAL)), exceptions.get(key(n, SamplePurpose.EVAL))),
                    train[1] + eval[1], trainings.get(n), timings.getOrDefault(n, Map.of())));
        }
        IterationRecord current = iterations.isEmpty() ? null : iterations.get(iterations.size() - 1);
        Stage stage = current == null ? null : current.stage();
        return new RunView(id, run.name(), run.comparisonId(), run.state(), run.currentIteration(), stage,
                progress(run, current, trainings), run.failureReason(), run.createdAt(), run.updatedAt(),
                run.finishedAt(), run.spec(), views);
    }

    private Progress progress(RunRecord run, IterationRecord current, Map<Integer, TrainingView> trainings) {
        if (current == null) {
            return null;
        }
        Stage stage = current.stage();
        return switch (stage) {
            case GENERATING, EVALUATING -> {
                var counts = sampling.counts(run.id(), current.number(),
                        stage == Stage.GENERATING ? SamplePurpose.TRAIN : SamplePurpose.EVAL);
                yield progress(stage, counts.executed(), counts.expected());
            }
            case TRAINING -> {
                TrainingView job = trainings.get(current.number());
                yield job == null ? progress(stage, 0, 0) : progress(stage, job.step(), job.totalSteps());
            }
            case BUILDING_DATASET -> progress(stage, 0, 0);
            case DONE -> progress(stage, 1, 1);
        };
    }

    private static Progress progress(Stage stage, long done, long total) {
        return new Progress(stage, done, total, total == 0 ? 0.0 : Math.min(1.0, (double) done / total));
    }

    private static String key(int iteration, SamplePurpose purpose) {
        return iteration + "/" + purpose.name();
    }

    private static ExecutionStats stats(long samples, Map<String, Long> outcomes, Map<String, Long> exceptions) {
        Map<String, Long> byOutcome = outcomes == null ? Map.of() : outcomes;
        long results = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        long passed = byOutcome.getOrDefault(Outcome.PASSED.name(), 0L);
        return new ExecutionStats(samples, results, results == 0 ? 0.0 : (double) passed / results, byOutcome,
                exceptions == null ? Map.of() : exceptions);
    }

    /** Per iteration, the held-out set's rows first, then the extra sets' in spec order, by k. */
    private Map<Integer, List<EvaluationRow>> evaluations(UUID run, List<String> setOrder) {
        Map<Integer, List<EvaluationRow>> rows = new HashMap<>();
        jdbc.sql("select * from evaluations where run_id = :run order by iteration, split, k").param("run", run)
                .query(rs -> {
                    rows.computeIfAbsent(rs.getInt("iteration"), i -> new ArrayList<>()).add(new EvaluationRow(
                            rs.getString("split"), rs.getInt("k"), rs.getDouble("pass_at_k"), rs.getInt("problems"),
                            rs.getInt("samples_per_problem")));
                });
        rows.values().forEach(list -> list.sort(Comparator.comparingInt((EvaluationRow r) -> setOrder.indexOf(r.split()))
                .thenComparingInt(EvaluationRow::k)));
        return rows;
    }

    private void executionCounts(UUID run, Map<String, Map<String, Long>> outcomes,
                                 Map<String, Map<String, Long>> exceptions) {
        jdbc.sql("""
                select iteration, purpose, outcome, exception_type, count(*) as n from execution_results
                where run_id = :run group by iteration, purpose, outcome, exception_type""")
                .param("run", run)
                .query(rs -> {
                    String key = rs.getInt("iteration") + "/" + rs.getString("purpose");
                    long n = rs.getLong("n");
                    outcomes.computeIfAbsent(key, k -> new TreeMap<>()).merge(rs.getString("outcome"), n, Long::sum);
                    String exception = rs.getString("exception_type");
                    if (exception != null && !exception.isBlank()) {
                        exceptions.computeIfAbsent(key, k -> new TreeMap<>()).merge(exception, n, Long::sum);
                    }
                });
    }

    /** Per iteration and purpose: samples recorded and completion tokens. */
    private Map<String, long[]> sampleCounts(UUID run) {
        Map<String, long[]> counts = new HashMap<>();
        jdbc.sql("""
                select iteration, purpose, count(*) as n, coalesce(sum(completion_tokens), 0) as tokens
                from samples where run_id = :run group by iteration, purpose""")
                .param("run", run)
                .query(rs -> {
                    counts.put(rs.getInt("iteration") + "/" + rs.getString("purpose"),
                            new long[] {rs.getLong("n"), rs.getLong("tokens")});
                });
        return counts;
    }

    private Map<Integer, TrainingView> trainings(UUID run) {
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

    private Map<Integer, Map<Stage, Double>> stageSeconds(UUID run) {
        Map<Integer, Map<Stage, Double>> timings = new HashMap<>();
        Instant now = Instant.now();
        jdbc.sql("select * from stage_timings where run_id = :run").param("run", run).query(rs -> {
            Instant start = RunRepository.instant(rs, "started_at");
            Instant end = RunRepository.instant(rs, "finished_at");
            timings.computeIfAbsent(rs.getInt("iteration"), i -> new EnumMap<>(Stage.class))
                    .put(Stage.valueOf(rs.getString("stage")),
                            Duration.between(start, end == null ? now : end).toMillis() / 1000.0);
        });
        return timings;
    }

    public PageView<SampleView> samples(UUID run, int iteration, Outcome outcome, SamplePurpose purpose, int page,
                                        int size) {
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
        return PageView.of(content, page, size, total);
    }
}
