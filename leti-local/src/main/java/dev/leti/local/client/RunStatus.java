package dev.leti.local.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of the orchestrator's {@code GET /api/v1/runs/{id}} (its {@code RunView}) that the demo
 * and the comparison show; field names are the API's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunStatus(
        UUID id,
        String name,
        UUID comparisonId,
        String state,
        int currentIteration,
        String currentStage,
        Progress progress,
        String failureReason,
        Spec spec,
        List<Iteration> iterations) {

    public boolean terminal() {
        return !"RUNNING".equals(state);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(state);
    }

    public int plannedIterations() {
        return spec == null ? 0 : spec.iterations();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(String stage, long done, long total, double fraction) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(int iterations, int samplesPerProblem, String feedbackMode, String baseCheckpoint,
                       Evaluation evaluation, Dataset dataset) {

        public Spec(int iterations, int samplesPerProblem, String feedbackMode, String baseCheckpoint,
                    Evaluation evaluation) {
            this(iterations, samplesPerProblem, feedbackMode, baseCheckpoint, evaluation, null);
        }
    }

    /** The spec's {@code dataset}: where the main held-out split comes from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dataset(String reference, String evalSplit) {
    }

    /**
     * @param sampling      how held-out programs are sampled
     * @param rewardToken   the main held-out split's reward token from iteration 1 on
     * @param extraDatasets the extra evaluation sets
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Evaluation(List<Integer> kValues, int samplesPerProblem, Sampling sampling, String rewardToken,
                             List<ExtraDataset> extraDatasets) {

        public Evaluation(List<Integer> kValues, int samplesPerProblem, double temperature) {
            this(kValues, samplesPerProblem, new Sampling(temperature), null, List.of());
        }
    }

    /** The spec's sampling settings, as far as reports show them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sampling(double temperature) {
    }

    /** An extra evaluation set; {@code rewardToken} null: evaluated with the main one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExtraDataset(String name, String reference, String split, String rewardToken) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Iteration(
            int number,
            String stage,
            String checkpoint,
            Instant startedAt,
            Instant finishedAt,
            List<EvaluationRow> evaluations,
            ExecutionStats train,
            ExecutionStats evaluation,
            long tokensGenerated,
            Training training,
            Map<String, Double> stageSeconds) {

        public boolean done() {
            return "DONE".equals(stage);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EvaluationRow(String split, int k, double passAtK, int problems, int samplesPerProblem) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExecutionStats(long samples, long results, double successRate, Map<String, Long> outcomes,
                                 Map<String, Long> exceptionTypes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Training(String status, int examples, int step, int totalSteps, Double initialLoss,
                           Double finalLoss, Long trainedTokens, Long durationMillis) {
    }
}
