package dev.leti.orchestrator.run;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.training.TrainingSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules across the fields of a {@link RunSpec} that its annotations cannot express. The base
 * checkpoint's existence is {@link RunService}'s check: it looks at the artifact store and the disk.
 */
final class RunSpecRules {

    private RunSpecRules() {
    }

    /**
     * Checks a spec with its defaults filled in.
     *
     * @throws InvalidInputException naming the first offending field
     */
    static void check(RunSpec spec) {
        if (spec.feedbackMode() == FeedbackMode.NONE && spec.evaluation().rewardToken() != RewardToken.NONE) {
            throw new InvalidInputException("evaluation.rewardToken", "a NONE-feedback run trains on no reward token: "
                    + "evaluate it with NONE");
        }
        var tokenSets = spec.evaluation().extraDatasets();
        for (int i = 0; i < tokenSets.size(); i++) {
            RewardToken token = tokenSets.get(i).rewardToken();
            if (spec.feedbackMode() == FeedbackMode.NONE && token != null && token != RewardToken.NONE) {
                throw new InvalidInputException("evaluation.extraDatasets[" + i + "].rewardToken",
                        "a NONE-feedback run trains on no reward token: evaluate it with NONE");
            }
        }
        int n = spec.evaluation().samplesPerProblem();
        if (spec.evaluation().kValues().stream().anyMatch(k -> k > n)) {
            throw new InvalidInputException("evaluation.kValues", "every k must be at most "
                    + "evaluation.samplesPerProblem (" + n + ")");
        }
        TrainingSettings.Lora lora = spec.training().lora();
        if (lora != null && !TrainingSettings.Lora.TARGETS.containsAll(lora.targetModules())) {
            throw new InvalidInputException("training.lora.targetModules", "must be among "
                    + TrainingSettings.Lora.TARGETS);
        }
        if (spec.training().batchSize() % spec.training().gradientAccumulation() != 0) {
            throw new InvalidInputException("training.batchSize", "must be a multiple of "
                    + "training.gradientAccumulation");
        }
        if (spec.dataset().evalSplit().equals(spec.dataset().trainSplit())) {
            throw new InvalidInputException("dataset.evalSplit", "the held-out split must differ from the train split");
        }
        Set<String> names = new HashSet<>(List.of(ProblemSets.TRAIN, spec.dataset().evalSplit()));
        var extras = spec.evaluation().extraDatasets();
        for (int i = 0; i < extras.size(); i++) {
            if (!names.add(extras.get(i).name())) {
                throw new InvalidInputException("evaluation.extraDatasets[" + i + "].name",
                        "evaluation set names must be unique and not 'train': " + extras.get(i).name());
            }
        }
    }
}
