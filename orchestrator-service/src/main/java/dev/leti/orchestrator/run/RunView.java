package dev.leti.orchestrator.run;

import dev.leti.contracts.FeedbackMode;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.sample.EvaluationRow;
import dev.leti.orchestrator.training.TrainingView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run as {@code GET /api/v1/runs/{id}} shows it.
 *
 * @param id               the run's id
 * @param name             its label
 * @param comparisonId     the comparison it belongs to, or null
 * @param state            RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param currentIteration the iteration in progress (or the last one)
 * @param currentStage     that iteration's stage
 * @param progress         how far the current stage is
 * @param failureReason    why it failed; null otherwise
 * @param spec             the complete spec, defaults filled in
 * @param iterations       per-iteration metrics, iteration 0 first
 */
public record RunView(
        UUID id,
        String name,
        UUID comparisonId,
        RunState state,
        int currentIteration,
        Stage currentStage,
        Progress progress,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        RunSpec spec,
        List<IterationView> iterations) {

    /**
     * Progress of the current stage.
     *
     * @param done     samples with an execution result (sampling stages) or training steps
     * @param total    samples expected or training steps planned; 0 while unknown
     * @param fraction done / total in [0, 1]
     */
    public record Progress(Stage stage, long done, long total, double fraction) {
    }

    /**
     * One iteration's results.
     *
     * @param number          0 = base evaluation
     * @param checkpoint      the checkpoint evaluated in this iteration (its training's result)
     * @param passAtK         evaluation set name to {k: pass@k}, the held-out split first
     * @param evaluations     the same as rows, with problem and sample counts, held-out split first
     * @param train           the training samples' execution statistics (empty for iteration 0)
     * @param evaluation      the evaluation samples' execution statistics
     * @param tokensGenerated completion tokens generated in this iteration (train and eval)
     * @param training        the fine-tuning job; null for iteration 0
     * @param stageSeconds    wall time per finished or running stage
     */
    public record IterationView(
            int number,
            Stage stage,
            String checkpoint,
            Instant startedAt,
            Instant finishedAt,
            Map<String, Map<Integer, Double>> passAtK,
            List<EvaluationRow> evaluations,
            ExecutionStats train,
            ExecutionStats evaluation,
            long tokensGenerated,
            TrainingView training,
            Map<Stage, Double> stageSeconds) {
    }

    /**
     * Execution statistics of one purpose's samples.
     *
     * @param samples        samples recorded
     * @param results        samples with an execution result
     * @param successRate    passed / results
     * @param outcomes       outcome to count
     * @param exceptionTypes exception type to count (samples that raised one)
     * @param rewardHacks    kind of reward hack to count among the SUSPICIOUS samples (early-exit, eq-hack,
     *                       builtins, harness, tests, forgery, other; a sample counts once per kind)
     */
    public record ExecutionStats(long samples, long results, double successRate, Map<String, Long> outcomes,
                                 Map<String, Long> exceptionTypes, Map<String, Long> rewardHacks) {
    }

    /** A run in a list. */
    public record Summary(UUID id, String name, UUID comparisonId, FeedbackMode feedbackMode, RunState state,
                          int currentIteration, Stage currentStage, Instant createdAt, Instant finishedAt) {
    }
}
