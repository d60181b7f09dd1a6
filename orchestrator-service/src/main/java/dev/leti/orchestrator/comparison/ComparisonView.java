package dev.leti.orchestrator.comparison;

import dev.leti.contracts.FeedbackMode;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.run.RunSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A comparison's runs side by side.
 *
 * @param state RUNNING while any run runs; SUCCEEDED when all did; otherwise FAILED or CANCELLED
 * @param runs  one per feedback mode
 * @param table one row per iteration, evaluation set and k: pass@k per feedback mode
 * @param train one row per iteration: the train samples' success rate per feedback mode
 */
public record ComparisonView(UUID id, Instant createdAt, RunState state, RunSpec spec, List<RunEntry> runs,
                             List<PassAtKRow> table, List<TrainRow> train) {

    /** One run of the comparison. */
    public record RunEntry(FeedbackMode feedbackMode, UUID runId, RunState state, int currentIteration,
                           Stage currentStage, String failureReason) {
    }

    /** pass@k of one iteration, set and k, per feedback mode (absent while not evaluated). */
    public record PassAtKRow(int iteration, String split, int k, Map<FeedbackMode, Double> passAtK) {
    }

    /** The training samples' success rate of one iteration per feedback mode. */
    public record TrainRow(int iteration, Map<FeedbackMode, Double> successRate) {
    }
}
