package dev.leti.orchestrator.run;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.contracts.training.TrainingSettings;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Objects;

/**
 * What a LeTI run does. Every field is optional in a request: {@link #withDefaults()} fills
 * the gaps with a setting the embedded demo finishes in minutes on two CPU cores. The
 * stored and returned spec is always the complete one.
 *
 * @param name              a label for people
 * @param baseCheckpoint    the checkpoint iteration 0 evaluates and iteration 1 samples from
 * @param dataset           the problems: train split to learn from, held-out split to evaluate
 * @param iterations        LeTI iterations after the base evaluation
 * @param samplesPerProblem programs sampled per train problem and iteration
 * @param sampling          sampling of train programs (the contract's record, passed to the generator unchanged)
 * @param feedbackMode      what failed samples contribute to training (the paper's ablation)
 * @param training          fine-tuning settings (the contract's record, passed to the trainer unchanged)
 * @param evaluation        pass@k on the held-out split (and optional extra eval sets)
 * @param execution         sandbox limits per program
 */
@Schema(description = "A LeTI run's settings; every field is optional and defaults to the embedded demo's setting")
public record RunSpec(
        @Size(max = 200) String name,
        @Size(max = 1000) String baseCheckpoint,
        @Valid DatasetSpec dataset,
        @Min(1) @Max(100) Integer iterations,
        @Min(1) @Max(1024) Integer samplesPerProblem,
        @Valid SamplingSettings sampling,
        FeedbackMode feedbackMode,
        @Valid TrainingSettings training,
        @Valid EvaluationSpec evaluation,
        @Valid ExecutionSpec execution) {

    /** A request with no body: all defaults. */
    public static final RunSpec EMPTY = new RunSpec(null, null, null, null, null, null, null, null, null, null);

    public static final String DEFAULT_CHECKPOINT = "builtin:leti-tiny";
    public static final String DEFAULT_DATASET = "builtin:leti-tiny";

    /** The same spec with every missing setting filled in. */
    public RunSpec withDefaults() {
        FeedbackMode mode = or(feedbackMode, FeedbackMode.TEXTUAL);
        SamplingSettings trainSampling = or(sampling, SamplingSettings.EMPTY).withDefaults(SamplingSettings.TRAINING);
        return new RunSpec(
                name,
                or(baseCheckpoint, DEFAULT_CHECKPOINT),
                or(dataset, DatasetSpec.EMPTY).withDefaults(),
                or(iterations, 2),
                or(samplesPerProblem, 8),
                trainSampling,
                mode,
                or(training, TrainingSettings.EMPTY).withDefaults(),
                or(evaluation, EvaluationSpec.EMPTY).withDefaults(mode, trainSampling.seed()),
                or(execution, ExecutionSpec.EMPTY).withDefaults());
    }

    /**
     * This spec with another feedback mode: the comparison's runs differ in nothing else, except
     * that a NONE run is evaluated without a reward token (it never trains on one) and leaves out
     * the extra evaluation sets that ask for GOOD or BAD.
     */
    public RunSpec withFeedbackMode(FeedbackMode mode) {
        EvaluationSpec evaluationSpec = mode == FeedbackMode.NONE && evaluation != null
                ? evaluation.withoutRewardTokens() : evaluation;
        return new RunSpec(name, baseCheckpoint, dataset, iterations, samplesPerProblem, sampling, mode,
                training, evaluationSpec, execution);
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Where the problems come from; a plain string is read as {@code reference}.
     *
     * @param reference        {@code builtin:<name>} or a path to an MBPP or HumanEval JSON Lines file
     * @param format           MBPP or HUMANEVAL; detected from the first line when absent
     * @param trainSplit       split to sample training programs on ({@code train}, {@code test},
     *                         {@code validation}, {@code prompt}, {@code all})
     * @param evalSplit        held-out split for pass@k
     * @param maxTrainProblems use only the first this many train problems
     * @param maxEvalProblems  use only the first this many held-out problems
     */
    public record DatasetSpec(
            @Size(max = 4000) String reference,
            ProblemFormat format,
            @Size(max = 50) String trainSplit,
            @Size(max = 50) String evalSplit,
            @Min(1) Integer maxTrainProblems,
            @Min(1) Integer maxEvalProblems) {

        static final DatasetSpec EMPTY = new DatasetSpec(null, null, null, null, null, null);

        /** {@code "dataset": "builtin:leti-tiny"}: a reference alone, default splits. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static DatasetSpec of(String reference) {
            return new DatasetSpec(reference, null, null, null, null, null);
        }

        DatasetSpec withDefaults() {
            return new DatasetSpec(or(reference, DEFAULT_DATASET), format, or(trainSplit, "train"),
                    or(evalSplit, "test"), maxTrainProblems, maxEvalProblems);
        }
    }

    /**
     * pass@k on held-out problems after every iteration (iteration 0: the base checkpoint).
     *
     * @param kValues           the k of pass@k; each at most {@code samplesPerProblem}
     * @param samplesPerProblem n: programs sampled per held-out problem
     * @param sampling          sampling of held-out programs; defaults to {@link SamplingSettings#EVALUATION},
     *                          with the training sampling's seed
     * @param rewardToken       reward token in front of evaluation prompts from iteration 1 on
     *                          (the base checkpoint never saw one): GOOD, BAD or NONE; defaults to
     *                          GOOD, and to NONE for a NONE-feedback run, which trains on none
     * @param extraDatasets     more evaluation sets, e.g. HumanEval next to MBPP's test split
     */
    public record EvaluationSpec(
            @Size(min = 1, max = 10) List<@NotNull @Min(1) @Max(1024) Integer> kValues,
            @Min(1) @Max(1024) Integer samplesPerProblem,
            @Valid SamplingSettings sampling,
            RewardToken rewardToken,
            @Size(max = 10) List<@NotNull @Valid EvalDatasetSpec> extraDatasets) {

        static final EvaluationSpec EMPTY = new EvaluationSpec(null, null, null, null, null);

        EvaluationSpec withoutRewardTokens() {
            List<EvalDatasetSpec> tokenless = extraDatasets == null ? null : extraDatasets.stream()
                    .filter(set -> set.rewardToken() == null || set.rewardToken() == RewardToken.NONE).toList();
            return new EvaluationSpec(kValues, samplesPerProblem, sampling, RewardToken.NONE, tokenless);
        }

        EvaluationSpec withDefaults(FeedbackMode mode, long seed) {
            RewardToken defaultToken = mode == FeedbackMode.NONE ? RewardToken.NONE : RewardToken.GOOD;
            SamplingSettings defaults = SamplingSettings.EVALUATION.withDefaults(
                    new SamplingSettings(null, null, null, null, seed));
            return new EvaluationSpec(or(kValues, List.of(1, 5)), or(samplesPerProblem, 8),
                    or(sampling, SamplingSettings.EMPTY).withDefaults(defaults), or(rewardToken, defaultToken),
                    or(extraDatasets, List.<EvalDatasetSpec>of()).stream().map(EvalDatasetSpec::withDefaults)
                            .toList());
        }
    }

    /**
     * An extra evaluation set.
     *
     * @param name        its label in results; defaults to the file name and split
     * @param reference   {@code builtin:<name>} or a JSON Lines path
     * @param format      MBPP or HUMANEVAL; detected when absent
     * @param split       the split to evaluate on ({@code all} for HumanEval)
     * @param maxProblems use only the first this many problems
     * @param rewardToken reward token in front of this set's prompts from iteration 1 on, instead of
     *                    {@code evaluation.rewardToken}; absent (null): the main one. An extra set on
     *                    the held-out split with BAD or NONE gives the paper's inference-token table
     */
    public record EvalDatasetSpec(
            @Size(max = 100) String name,
            @NotBlank @Size(max = 4000) String reference,
            ProblemFormat format,
            @Size(max = 50) String split,
            @Min(1) Integer maxProblems,
            RewardToken rewardToken) {

        EvalDatasetSpec withDefaults() {
            String resolvedSplit = or(split, "test");
            return new EvalDatasetSpec(or(name, label(reference) + "/" + resolvedSplit), reference, format,
                    resolvedSplit, maxProblems, rewardToken);
        }

        private static String label(String reference) {
            String last = Objects.requireNonNullElse(reference, "").replaceFirst("^builtin:", "");
            last = last.substring(last.lastIndexOf('/') + 1);
            return last.replaceFirst("\\.jsonl$", "");
        }
    }

    /** Sandbox limits per program (LeTI: 5 s); at most the server's {@code leti.limits.*}. */
    public record ExecutionSpec(
            @Min(100) @Max(600_000) Long timeoutMillis,
            @Min(16L << 20) Long memoryBytes,
            @Min(1) @Max(4096) Integer maxProcesses) {

        static final ExecutionSpec EMPTY = new ExecutionSpec(null, null, null);

        ExecutionSpec withDefaults() {
            return new ExecutionSpec(or(timeoutMillis, 5_000L), or(memoryBytes, 1L << 30), or(maxProcesses, 64));
        }

        /** The limits of a spec with its defaults filled in. */
        public ExecutionLimits limits() {
            return new ExecutionLimits(timeoutMillis, memoryBytes, maxProcesses);
        }
    }
}
