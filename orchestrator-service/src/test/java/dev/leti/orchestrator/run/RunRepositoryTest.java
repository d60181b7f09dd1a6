package dev.leti.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.orchestrator.RepositoryTest;
import dev.leti.orchestrator.comparison.ComparisonRepository;
import dev.leti.orchestrator.dataset.Problem;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.run.RunRepository.RunProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs with their problems, iterations and stage timings, as the engine and the API read them. */
class RunRepositoryTest extends RepositoryTest {

    @Autowired
    ComparisonRepository comparisons;

    @Test
    void aRunIsReadWithItsCurrentIterationsStage() {
        UUID id = insertRun();
        assertThat(runs.find(id)).hasValueSatisfying(run -> {
            assertThat(run.state()).isEqualTo(RunState.RUNNING);
            assertThat(run.currentStage()).isNull();
        });

        runs.insertIteration(id, 0, Stage.EVALUATING, "base", "base");
        assertThat(runs.find(id).orElseThrow().currentStage()).isEqualTo(Stage.EVALUATING);
        runs.advanceStage(id, 0, Stage.EVALUATING, Stage.DONE, null);
        runs.insertIteration(id, 1, Stage.GENERATING, "base", null);

        RunRecord run = runs.find(id).orElseThrow();
        assertThat(run.currentIteration()).isEqualTo(1);
        assertThat(run.currentStage()).isEqualTo(Stage.GENERATING);
        assertThat(runs.iteration(id, 0)).hasValueSatisfying(done -> {
            assertThat(done.stage()).isEqualTo(Stage.DONE);
            assertThat(done.finishedAt()).isNotNull();
        });
        assertThat(runs.iterations(id)).extracting(IterationRecord::number).containsExactly(0, 1);
        assertThat(runs.stageSeconds(id).get(0)).containsOnlyKeys(Stage.EVALUATING);
        assertThat(runs.stageSeconds(id).get(1)).containsOnlyKeys(Stage.GENERATING);
    }

    @Test
    void aFinishedRunIsNoLongerSteppedOrLocked() {
        UUID id = insertRun();
        assertThat(runs.runningIds()).contains(id);
        assertThat(runs.lockRunning(id)).isPresent();

        runs.finish(id, RunState.CANCELLED, null);

        assertThat(runs.runningIds()).doesNotContain(id);
        assertThat(runs.lockRunning(id)).isEmpty();
        assertThat(runs.find(id).orElseThrow().finishedAt()).isNotNull();
    }

    @Test
    void problemsKeepTheirOrderUnderRunUniqueKeys() {
        UUID id = insertRun();
        runs.insertProblems(id, ProblemSets.TRAIN, List.of(problem("b"), problem("a")));

        assertThat(runs.problems(id, ProblemSets.TRAIN)).extracting(RunProblem::key)
                .containsExactly("train/b", "train/a");
        assertThat(runs.problems(id, "test")).isEmpty();
    }

    @Test
    void comparisonMembersAreNumberedInTheOrderTheyWereInserted() {
        UUID comparison = UUID.randomUUID();
        RunSpec spec = RunSpec.EMPTY.withDefaults();
        comparisons.insert(comparison, spec, Instant.now());
        UUID leader = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        runs.insertRun(leader, spec, comparison, Instant.now());
        runs.insertRun(second, spec, comparison, Instant.now());
        runs.insertIteration(leader, 0, Stage.EVALUATING, "base", "base");

        assertThat(runs.members(comparison, 0)).containsExactly(
                new ComparisonMember(leader, 0, RunState.RUNNING, Stage.EVALUATING),
                new ComparisonMember(second, 1, RunState.RUNNING, null));
        assertThat(runs.ofComparison(comparison)).extracting(RunRecord::id).containsExactly(leader, second);
    }

    private static Problem problem(String task) {
        return new Problem(task, ProblemFormat.MBPP, "prompt " + task, "assert True", "", "f");
    }
}
