package dev.leti.orchestrator.run;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.orchestrator.dataset.Problem;
import dev.leti.contracts.ProblemFormat;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Runs, their problems, iterations and stage timings ({@code runs}, {@code problems},
 * {@code iterations}, {@code stage_timings}): one family, because a run's row and its current
 * iteration change together (starting an iteration moves the run's {@code current_iteration},
 * advancing a stage touches both and times the stage) and a run is read with its current stage.
 */
@Repository
public class RunRepository {

    private static final String RUN_COLUMNS = """
            id, name, comparison_id, spec::text as spec, state, current_iteration, failure_reason,
            created_at, updated_at, finished_at,
            (select stage from iterations i where i.run_id = runs.id and i.number = runs.current_iteration)
                as current_stage""";

    private final JdbcClient jdbc;

    RunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A problem of a run under its run-unique key (the problem id in messages). */
    public record RunProblem(String key, String set, Problem problem) {
    }

    /**
     * Inserts a running run. A comparison's members are numbered in the order they are inserted
     * (all in the comparison's one transaction): member 0 is the leader.
     */
    public void insertRun(UUID id, RunSpec spec, UUID comparisonId, Instant now) {
        jdbc.sql("""
                insert into runs (id, name, comparison_id, comparison_index, feedback_mode, spec, state,
                    current_iteration, created_at, updated_at)
                values (:id, :name, :comparison,
                    (select case when cast(:comparison as uuid) is null then null else count(*) end from runs
                        where comparison_id = cast(:comparison as uuid)),
                    :mode, cast(:spec as jsonb), 'RUNNING', 0, :now, :now)""")
                .param("id", id)
                .param("name", spec.name())
                .param("comparison", comparisonId)
                .param("mode", spec.feedbackMode().name())
                .param("spec", LetiJson.mapper().writeValueAsString(spec))
                .param("now", Timestamp.from(now))
                .update();
    }

    public void insertProblems(UUID run, String set, List<Problem> problems) {
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            jdbc.sql("""
                    insert into problems (run_id, problem_key, problem_set, task_id, position, format, prompt, tests,
                        setup_code, entry_point)
                    values (:run, :key, :set, :task, :position, :format, :prompt, :tests, :setup, :entry)""")
                    .param("run", run)
                    .param("key", set + "/" + p.taskId())
                    .param("set", set)
                    .param("task", p.taskId())
                    .param("position", i)
                    .param("format", p.format().name())
                    .param("prompt", p.prompt())
                    .param("tests", p.tests())
                    .param("setup", p.setupCode())
                    .param("entry", p.entryPoint())
                    .update();
        }
    }

    public List<RunProblem> problems(UUID run, String set) {
        return jdbc.sql("""
                select problem_key, problem_set, task_id, format, prompt, tests, setup_code, entry_point
                from problems where run_id = :run and problem_set = :set order by position""")
                .param("run", run)
                .param("set", set)
                .query((rs, i) -> new RunProblem(rs.getString("problem_key"), rs.getString("problem_set"),
                        new Problem(rs.getString("task_id"), ProblemFormat.valueOf(rs.getString("format")),
                                rs.getString("prompt"), rs.getString("tests"), rs.getString("setup_code"),
                                rs.getString("entry_point"))))
                .list();
    }

    public Optional<RunRecord> find(UUID id) {
        return jdbc.sql("select " + RUN_COLUMNS + " from runs where id = :id").param("id", id)
                .query(RunRepository::run).optional();
    }

    /** Locks a running run for one step of its state machine; empty if another replica holds it. */
    public Optional<RunRecord> lockRunning(UUID id) {
        return jdbc.sql("select " + RUN_COLUMNS + " from runs where id = :id and state = 'RUNNING' "
                        + "for update skip locked")
                .param("id", id).query(RunRepository::run).optional();
    }

    /** Locks a run, waiting for a concurrent step to finish. */
    public Optional<RunRecord> lock(UUID id) {
        return jdbc.sql("select " + RUN_COLUMNS + " from runs where id = :id for update").param("id", id)
                .query(RunRepository::run).optional();
    }

    public List<UUID> runningIds() {
        return jdbc.sql("select id from runs where state = 'RUNNING' order by created_at")
                .query(UUID.class).list();
    }

    public List<RunRecord> page(int page, int size, RunState state) {
        return jdbc.sql("select " + RUN_COLUMNS + " from runs where (cast(:state as text) is null or state = :state) "
                        + "order by created_at desc, id limit :size offset :offset")
                .param("state", state == null ? null : state.name())
                .param("size", size)
                .param("offset", (long) page * size)
                .query(RunRepository::run).list();
    }

    public long count(RunState state) {
        return jdbc.sql("select count(*) from runs where (cast(:state as text) is null or state = :state)")
                .param("state", state == null ? null : state.name())
                .query(Long.class).single();
    }

    public List<RunRecord> ofComparison(UUID comparison) {
        return jdbc.sql("select " + RUN_COLUMNS + " from runs where comparison_id = :c "
                        + "order by comparison_index, created_at, id")
                .param("c", comparison).query(RunRepository::run).list();
    }

    public void finish(UUID id, RunState state, String reason) {
        jdbc.sql("""
                update runs set state = :state, failure_reason = :reason, finished_at = :now, updated_at = :now
                where id = :id""")
                .param("state", state.name())
                .param("reason", reason)
                .param("now", Timestamp.from(Instant.now()))
                .param("id", id)
                .update();
    }

    public void insertIteration(UUID run, int number, Stage stage, String sampleCheckpoint, String evalCheckpoint) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into iterations (run_id, number, stage, sample_checkpoint, eval_checkpoint, started_at)
                values (:run, :n, :stage, :sample, :eval, :now)""")
                .param("run", run)
                .param("n", number)
                .param("stage", stage.name())
                .param("sample", sampleCheckpoint)
                .param("eval", evalCheckpoint)
                .param("now", now)
                .update();
        jdbc.sql("update runs set current_iteration = :n, updated_at = :now where id = :run")
                .param("n", number).param("now", now).param("run", run).update();
        startStage(run, number, stage);
    }

    public Optional<IterationRecord> iteration(UUID run, int number) {
        return jdbc.sql("select * from iterations where run_id = :run and number = :n")
                .param("run", run).param("n", number).query(RunRepository::iteration).optional();
    }

    public List<IterationRecord> iterations(UUID run) {
        return jdbc.sql("select * from iterations where run_id = :run order by number")
                .param("run", run).query(RunRepository::iteration).list();
    }

    /**
     * Moves an iteration from one stage to the next and returns the finished stage's wall time.
     * {@link Stage#DONE} also ends the iteration.
     */
    public Duration advanceStage(UUID run, int number, Stage from, Stage to, String evalCheckpoint) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                update iterations set stage = :to, eval_checkpoint = coalesce(:eval, eval_checkpoint),
                    finished_at = case when :to = 'DONE' then cast(:now as timestamptz) end
                where run_id = :run and number = :n""")
                .param("to", to.name())
                .param("eval", evalCheckpoint)
                .param("now", now)
                .param("run", run)
                .param("n", number)
                .update();
        jdbc.sql("update runs set updated_at = :now where id = :run").param("now", now).param("run", run).update();
        Duration took = finishStage(run, number, from);
        if (to != Stage.DONE) {
            startStage(run, number, to);
        }
        return took;
    }

    private void startStage(UUID run, int number, Stage stage) {
        jdbc.sql("""
                insert into stage_timings (run_id, iteration, stage, started_at) values (:run, :n, :stage, :now)
                on conflict do nothing""")
                .param("run", run).param("n", number).param("stage", stage.name())
                .param("now", Timestamp.from(Instant.now())).update();
    }

    /** Closes a stage's timing; returns its wall time. */
    public Duration finishStage(UUID run, int number, Stage stage) {
        Instant now = Instant.now();
        return jdbc.sql("""
                update stage_timings set finished_at = :now
                where run_id = :run and iteration = :n and stage = :stage and finished_at is null
                returning started_at""")
                .param("now", Timestamp.from(now)).param("run", run).param("n", number).param("stage", stage.name())
                .query((rs, i) -> Duration.between(rs.getTimestamp(1).toInstant(), now))
                .optional().orElse(Duration.ZERO);
    }

    /** The members of a comparison in index order, each with the stage of its iteration {@code iteration}. */
    public List<ComparisonMember> members(UUID comparison, int iteration) {
        return jdbc.sql("""
                select r.id, r.comparison_index, r.state, i.stage from runs r
                left join iterations i on i.run_id = r.id and i.number = :iteration
                where r.comparison_id = :comparison order by r.comparison_index""")
                .param("comparison", comparison).param("iteration", iteration)
                .query((rs, i) -> new ComparisonMember(rs.getObject("id", UUID.class), rs.getInt("comparison_index"),
                        RunState.valueOf(rs.getString("state")),
                        rs.getString("stage") == null ? null : Stage.valueOf(rs.getString("stage"))))
                .list();
    }

    /** Wall time per iteration and stage in seconds; a stage still running counts until now. */
    public Map<Integer, Map<Stage, Double>> stageSeconds(UUID run) {
        Map<Integer, Map<Stage, Double>> timings = new HashMap<>();
        Instant now = Instant.now();
        jdbc.sql("select * from stage_timings where run_id = :run").param("run", run).query(rs -> {
            Instant start = instant(rs, "started_at");
            Instant end = instant(rs, "finished_at");
            timings.computeIfAbsent(rs.getInt("iteration"), i -> new EnumMap<>(Stage.class))
                    .put(Stage.valueOf(rs.getString("stage")),
                            Duration.between(start, end == null ? now : end).toMillis() / 1000.0);
        });
        return timings;
    }

    private static RunRecord run(ResultSet rs, int row) throws SQLException {
        return new RunRecord(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getObject("comparison_id", UUID.class),
                LetiJson.mapper().readValue(rs.getString("spec"), RunSpec.class),
                RunState.valueOf(rs.getString("state")),
                rs.getInt("current_iteration"),
                rs.getString("current_stage") == null ? null : Stage.valueOf(rs.getString("current_stage")),
                rs.getString("failure_reason"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"));
    }

    private static IterationRecord iteration(ResultSet rs, int row) throws SQLException {
        return new IterationRecord(rs.getInt("number"), Stage.valueOf(rs.getString("stage")),
                rs.getString("sample_checkpoint"), rs.getString("eval_checkpoint"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
