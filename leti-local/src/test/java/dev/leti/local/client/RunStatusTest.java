package dev.leti.local.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The run view's spec parts the reports read: dataset, reward tokens, extra sets, training steps. */
class RunStatusTest {

    @Test
    void theSpecsRewardTokensExtraSetsAndTrainingStepsAreRead() {
        String view = """
                {"id": "dd88a383-cca3-4f68-84ae-15213c29b6b1", "state": "SUCCEEDED", "currentIteration": 1,
                 "spec": {"iterations": 1, "samplesPerProblem": 4, "feedbackMode": "TEXTUAL",
                          "baseCheckpoint": "builtin:leti-tiny",
                          "dataset": {"reference": "builtin:leti-tiny", "trainSplit": "train", "evalSplit": "test"},
                          "evaluation": {"kValues": [1], "samplesPerProblem": 4,
                                         "sampling": {"temperature": 0.2, "topP": 1.0, "topK": 0},
                                         "rewardToken": "GOOD",
                                         "extraDatasets": [{"name": "test/bad", "reference": "builtin:leti-tiny",
                                                            "split": "test", "maxProblems": null, "rewardToken": "BAD"}]}},
                 "iterations": [{"number": 1, "stage": "DONE", "tokensGenerated": 5,
                                 "training": {"status": "SUCCEEDED", "examples": 9, "step": 236, "totalSteps": 236}}]}
                """;

        RunStatus run = JsonMapper.builder().build().readValue(view, RunStatus.class);

        assertThat(run.spec().dataset()).isEqualTo(new RunStatus.Dataset("builtin:leti-tiny", "test"));
        assertThat(run.spec().evaluation().rewardToken()).isEqualTo("GOOD");
        assertThat(run.spec().evaluation().sampling().temperature()).isEqualTo(0.2);
        assertThat(run.spec().evaluation().extraDatasets())
                .containsExactly(new RunStatus.ExtraDataset("test/bad", "builtin:leti-tiny", "test", "BAD"));
        assertThat(run.iterations().get(0).training().step()).isEqualTo(236);
    }
}
