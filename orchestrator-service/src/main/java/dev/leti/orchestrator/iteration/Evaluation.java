package dev.leti.orchestrator.iteration;

import dev.leti.contracts.evaluation.PassAtK;
import dev.leti.contracts.evaluation.PassAtK.ProblemTally;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.run.RunRecord;
import java.util.List;
import java.util.OptionalDouble;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** pass@k of an iteration's evaluation samples, per evaluation set and k, stored once. */
@Component
public class Evaluation {

    private final JdbcClient jdbc;
    private final OrchestratorMetrics metrics;

    Evaluation(JdbcClient jdbc, OrchestratorMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    public void record(RunRecord run, int iteration) {
        for (String set : SamplingStage.evalSets(run.spec())) {
            List<ProblemTally> tallies = tallies(run, iteration, set);
            for (int k : run.spec().evaluation().kValues()) {
                OptionalDouble passAtK = PassAtK.mean(tallies, k);
                if (passAtK.isPresent()) {
                    store(run, iteration, set, k, passAtK.getAsDouble(), tallies.size());
                }
            }
        }
    }

    /** Per problem, in a fixed order: equal results give a bit-identical mean (comparison members share them). */
    private List<ProblemTally> tallies(RunRecord run, int iteration, String set) {
        return jdbc.sql("""
                select count(e.sample_id) as samples, count(*) filter (where e.outcome = 'PASSED') as passed
                from problems p
                left join execution_results e on e.run_id = p.run_id and e.problem_key = p.problem_key
                    and e.iteration = :iteration and e.purpose = 'EVAL'
                where p.run_id = :run and p.problem_set = :set
                group by p.problem_key order by p.problem_key""")
                .param("run", run.id())
                .param("iteration", iteration)
                .param("set", set)
                .query((rs, i) -> new ProblemTally(rs.getInt("samples"), rs.getInt("passed")))
                .list();
    }

    private void store(RunRecord run, int iteration, String set, int k, double value, int problems) {
        jdbc.sql("""
                insert into evaluations (run_id, iteration, split, k, pass_at_k, problems, samples_per_problem)
                values (:run, :iteration, :split, :k, :value, :problems, :n)
                on conflict (run_id, iteration, split, k) do update set pass_at_k = excluded.pass_at_k,
                    problems = excluded.problems, samples_per_problem = excluded.samples_per_problem""")
                .param("run", run.id())
                .param("iteration", iteration)
                .param("split", set)
                .param("k", k)
                .param("value", value)
                .param("problems", problems)
                .param("n", run.spec().evaluation().samplesPerProblem())
                .update();
        metrics.passAtK(run.id(), iteration, set, k, value);
    }
}
