package dev.leti.orchestrator.iteration;

import dev.leti.contracts.evaluation.PassAtK;
import dev.leti.contracts.evaluation.PassAtK.ProblemTally;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.run.ProblemSets;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.sample.EvaluationRow;
import dev.leti.orchestrator.sample.SampleRepository;
import java.util.List;
import java.util.OptionalDouble;
import org.springframework.stereotype.Component;

/**
 * pass@k of an iteration's evaluation samples, per evaluation set and k, stored once. At iteration
 * 0 a set with the same problems as an earlier one is scored from that one's samples
 * ({@link ProblemSets#sameProblemsAs}).
 */
@Component
public class Evaluation {

    private final SampleRepository samples;
    private final OrchestratorMetrics metrics;

    Evaluation(SampleRepository samples, OrchestratorMetrics metrics) {
        this.samples = samples;
        this.metrics = metrics;
    }

    public void record(RunRecord run, int iteration) {
        for (String set : ProblemSets.evalSets(run.spec())) {
            String sampled = iteration == 0 ? ProblemSets.sameProblemsAs(run.spec(), set).orElse(set) : set;
            List<ProblemTally> tallies = samples.evaluationTallies(run.id(), iteration, sampled);
            for (int k : run.spec().evaluation().kValues()) {
                OptionalDouble passAtK = PassAtK.mean(tallies, k);
                if (passAtK.isPresent()) {
                    samples.storePassAtK(run.id(), iteration, new EvaluationRow(set, k, passAtK.getAsDouble(),
                            tallies.size(), run.spec().evaluation().samplesPerProblem()));
                    metrics.passAtK(run.id(), iteration, set, k, passAtK.getAsDouble());
                }
            }
        }
    }
}
