package dev.leti.orchestrator.comparison;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.orchestrator.comparison.ComparisonView.PassAtKRow;
import dev.leti.orchestrator.comparison.ComparisonView.RunEntry;
import dev.leti.orchestrator.comparison.ComparisonView.TrainRow;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunRepository;
import dev.leti.orchestrator.run.RunService;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.run.RunState;
import dev.leti.orchestrator.web.InvalidInputException;
import dev.leti.orchestrator.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Starts and reports feedback-mode comparisons. */
@Service
public class ComparisonService {

    private final JdbcClient jdbc;
    private final RunService runService;
    private final RunRepository runs;

    ComparisonService(JdbcClient jdbc, RunService runService, RunRepository runs) {
        this.jdbc = jdbc;
        this.runService = runService;
        this.runs = runs;
    }

    /**
     * One run per mode, all in one transaction: either every run starts or none. The first
     * (member 0) samples the base evaluation and iteration 1's training programs for all of
     * them (see {@code SharedStages}).
     */
    @Transactional
    public ComparisonView create(ComparisonSpec request) {
        List<FeedbackMode> modes = request.modesOrDefault();
        if (new HashSet<>(modes).size() != modes.size()) {
            throw new InvalidInputException("feedbackModes", "each feedback mode at most once");
        }
        RunSpec spec = request.runOrDefault().withDefaults();
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into comparisons (id, spec, created_at) values (:id, cast(:spec as jsonb), :now)")
                .param("id", id)
                .param("spec", LetiJson.mapper().writeValueAsString(spec))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        for (FeedbackMode mode : modes) {
            String name = (spec.name() == null ? "comparison " + id : spec.name()) + " / " + mode;
            RunSpec member = spec.withFeedbackMode(mode);
            runService.start(new RunSpec(name, member.baseCheckpoint(), member.dataset(), member.iterations(),
                    member.samplesPerProblem(), member.sampling(), mode, member.training(), member.evaluation(),
                    member.execution()), id);
        }
        return get(id);
    }

    public ComparisonView get(UUID id) {
        record Comparison(Instant createdAt, RunSpec spec) {
        }
        Comparison comparison = jdbc.sql("select created_at, spec::text as spec from comparisons where id = :id")
                .param("id", id)
                .query((rs, i) -> new Comparison(rs.getTimestamp("created_at").toInstant(),
                        LetiJson.mapper().readValue(rs.getString("spec"), RunSpec.class)))
                .optional().orElseThrow(() -> new NotFoundException("no comparison " + id));
        List<RunRecord> members = runs.ofComparison(id);
        Map<UUID, FeedbackMode> modeOf = new LinkedHashMap<>();
        List<RunEntry> entries = new ArrayList<>();
        for (RunRecord run : members) {
            modeOf.put(run.id(), run.spec().feedbackMode());
            entries.add(new RunEntry(run.spec().feedbackMode(), run.id(), run.state(), run.currentIteration(),
                    run.currentStage(), run.failureReason()));
        }
        return new ComparisonView(id, comparison.createdAt(), state(members), comparison.spec(), entries,
                passAtK(id, modeOf), train(id, modeOf));
    }

    private static RunState state(List<RunRecord> members) {
        if (members.stream().anyMatch(r -> r.state() == RunState.RUNNING)) {
            return RunState.RUNNING;
        }
        if (members.stream().allMatch(r -> r.state() == RunState.SUCCEEDED)) {
            return RunState.SUCCEEDED;
        }
        return members.stream().anyMatch(r -> r.state() == RunState.FAILED) ? RunState.FAILED : RunState.CANCELLED;
    }

    private List<PassAtKRow> passAtK(UUID id, Map<UUID, FeedbackMode> modeOf) {
        Map<String, PassAtKRow> rows = new LinkedHashMap<>();
        jdbc.sql("""
                select e.run_id, e.iteration, e.split, e.k, e.pass_at_k from evaluations e
                join runs r on r.id = e.run_id where r.comparison_id = :id order by e.iteration, e.split, e.k""")
                .param("id", id)
                .query(rs -> {
                    int iteration = rs.getInt("iteration");
                    String split = rs.getString("split");
                    int k = rs.getInt("k");
                    rows.computeIfAbsent(iteration + "/" + split + "/" + k,
                                    key -> new PassAtKRow(iteration, split, k, new EnumMap<>(FeedbackMode.class)))
                            .passAtK().put(modeOf.get(rs.getObject("run_id", UUID.class)), rs.getDouble("pass_at_k"));
                });
        return List.copyOf(rows.values());
    }

    private List<TrainRow> train(UUID id, Map<UUID, FeedbackMode> modeOf) {
        Map<Integer, TrainRow> rows = new LinkedHashMap<>();
        jdbc.sql("""
                select e.run_id, e.iteration, avg(case when e.outcome = 'PASSED' then 1.0 else 0.0 end) as rate
                from execution_results e join runs r on r.id = e.run_id
                where r.comparison_id = :id and e.purpose = 'TRAIN'
                group by e.run_id, e.iteration order by e.iteration""")
                .param("id", id)
                .query(rs -> {
                    int iteration = rs.getInt("iteration");
                    rows.computeIfAbsent(iteration, i -> new TrainRow(i, new EnumMap<>(FeedbackMode.class)))
                            .successRate().put(modeOf.get(rs.getObject("run_id", UUID.class)), rs.getDouble("rate"));
                });
        return List.copyOf(rows.values());
    }
}
