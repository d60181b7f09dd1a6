package dev.leti.orchestrator.iteration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.contracts.SamplePurpose;
import dev.leti.orchestrator.run.ProblemSets;
import dev.leti.orchestrator.run.RunSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which reward token goes in front of each prompt, per feedback mode (plain unit test, no context). */
class RewardTokenTest {

    private static RunSpec spec(FeedbackMode mode) {
        return RunSpec.EMPTY.withFeedbackMode(mode).withDefaults();
    }

    @Test
    void textualAndBinaryRunsSampleWithGoodFromIterationTwoAndEvaluateWithGoodFromIterationOne() {
        for (FeedbackMode mode : new FeedbackMode[] {FeedbackMode.TEXTUAL, FeedbackMode.BINARY}) {
            RunSpec spec = spec(mode);
            assertThat(SamplingStage.rewardToken(spec, 1, SamplePurpose.TRAIN)).isEqualTo(RewardToken.NONE);
            assertThat(SamplingStage.rewardToken(spec, 2, SamplePurpose.TRAIN)).isEqualTo(RewardToken.GOOD);
            assertThat(SamplingStage.rewardToken(spec, 0, SamplePurpose.EVAL)).isEqualTo(RewardToken.NONE);
            assertThat(SamplingStage.rewardToken(spec, 1, SamplePurpose.EVAL)).isEqualTo(RewardToken.GOOD);
        }
    }

    @Test
    void aNoneRunNeverSeesAToken() {
        RunSpec spec = spec(FeedbackMode.NONE);
        assertThat(spec.evaluation().rewardToken()).isEqualTo(RewardToken.NONE);
        for (int iteration = 0; iteration <= 3; iteration++) {
            for (SamplePurpose purpose : SamplePurpose.values()) {
                assertThat(SamplingStage.rewardToken(spec, iteration, purpose)).isEqualTo(RewardToken.NONE);
            }
        }
    }

    @Test
    void theEvaluationTokenIsASpecField() {
        RunSpec bad = new RunSpec(null, null, null, null, null, null, null, null,
                new RunSpec.EvaluationSpec(null, null, null, RewardToken.BAD, null), null).withDefaults();
        assertThat(SamplingStage.rewardToken(bad, 2, SamplePurpose.EVAL)).isEqualTo(RewardToken.BAD);
        assertThat(bad.evaluation().sampling().maxNewTokens()).isEqualTo(SamplingSettings.DEFAULT_MAX_NEW_TOKENS);
        assertThat(bad.sampling().maxNewTokens()).isEqualTo(SamplingSettings.DEFAULT_MAX_NEW_TOKENS);
    }

    @Test
    void anExtraSetWithItsOwnTokenIsEvaluatedWithItFromIterationOneOnTheOthersWithTheMainOne() {
        var extras = List.of(
                new RunSpec.EvalDatasetSpec("test/bad", "builtin:leti-tiny", null, "test", null, RewardToken.BAD),
                new RunSpec.EvalDatasetSpec("test/none", "builtin:leti-tiny", null, "test", null, RewardToken.NONE),
                new RunSpec.EvalDatasetSpec("humaneval/test", "builtin:leti-tiny", null, "test", null, null));
        RunSpec spec = new RunSpec(null, null, null, null, null, null, null, null,
                new RunSpec.EvaluationSpec(null, null, null, null, extras), null).withDefaults();
        assertThat(spec.evaluation().extraDatasets()).extracting(RunSpec.EvalDatasetSpec::rewardToken)
                .containsExactly(RewardToken.BAD, RewardToken.NONE, null);

        for (String set : List.of("test", "test/bad", "test/none", "humaneval/test")) {
            assertThat(SamplingStage.rewardToken(spec, 0, SamplePurpose.EVAL, set)).as(set).isEqualTo(RewardToken.NONE);
        }
        for (int iteration = 1; iteration <= 2; iteration++) {
            assertThat(SamplingStage.rewardToken(spec, iteration, SamplePurpose.EVAL, "test")).isEqualTo(RewardToken.GOOD);
            assertThat(SamplingStage.rewardToken(spec, iteration, SamplePurpose.EVAL, "test/bad")).isEqualTo(RewardToken.BAD);
            assertThat(SamplingStage.rewardToken(spec, iteration, SamplePurpose.EVAL, "test/none")).isEqualTo(RewardToken.NONE);
            assertThat(SamplingStage.rewardToken(spec, iteration, SamplePurpose.EVAL, "humaneval/test"))
                    .isEqualTo(RewardToken.GOOD);
        }
        // training samples are never affected by an evaluation set's token
        assertThat(SamplingStage.rewardToken(spec, 1, SamplePurpose.TRAIN, ProblemSets.TRAIN)).isEqualTo(RewardToken.NONE);
        assertThat(SamplingStage.rewardToken(spec, 2, SamplePurpose.TRAIN, ProblemSets.TRAIN)).isEqualTo(RewardToken.GOOD);
    }

    @Test
    void aComparisonsNoneMemberDropsTheExtraSetsThatAskForAToken() {
        var bad = new RunSpec.EvalDatasetSpec("test/bad", "builtin:leti-tiny", null, "test", null, RewardToken.BAD);
        var none = new RunSpec.EvalDatasetSpec("test/none", "builtin:leti-tiny", null, "test", null, RewardToken.NONE);
        RunSpec spec = new RunSpec(null, null, null, null, null, null, null, null,
                new RunSpec.EvaluationSpec(null, null, null, null, java.util.List.of(bad, none)), null)
                .withDefaults();

        RunSpec member = spec.withFeedbackMode(FeedbackMode.NONE).withDefaults();

        assertThat(member.evaluation().rewardToken()).isEqualTo(RewardToken.NONE);
        assertThat(member.evaluation().extraDatasets()).extracting(RunSpec.EvalDatasetSpec::name)
                .containsExactly("test/none");
        assertThat(spec.withFeedbackMode(FeedbackMode.BINARY).evaluation().extraDatasets()).hasSize(2);
    }

    @Test
    void anExtraSetOnTheSameProblemsIsTheSameEvaluationBeforeTraining() {
        var extras = List.of(
                new RunSpec.EvalDatasetSpec("test/bad", "builtin:leti-tiny", null, "test", null, RewardToken.BAD),
                new RunSpec.EvalDatasetSpec("first-two", "builtin:leti-tiny", null, "test", 2, null),
                new RunSpec.EvalDatasetSpec("first-two/bad", "builtin:leti-tiny", null, "test", 2, RewardToken.BAD),
                new RunSpec.EvalDatasetSpec("train/bad", "builtin:leti-tiny", null, "train", null, RewardToken.BAD),
                new RunSpec.EvalDatasetSpec("other", "/data/mbpp.jsonl", null, "test", null, RewardToken.BAD));
        RunSpec spec = new RunSpec(null, null, null, null, null, null, null, null,
                new RunSpec.EvaluationSpec(null, null, null, null, extras), null).withDefaults();

        assertThat(ProblemSets.sameProblemsAs(spec, "test")).isEmpty();
        assertThat(ProblemSets.sameProblemsAs(spec, "test/bad")).contains("test");
        assertThat(ProblemSets.sameProblemsAs(spec, "first-two")).isEmpty();
        assertThat(ProblemSets.sameProblemsAs(spec, "first-two/bad")).contains("first-two");
        assertThat(ProblemSets.sameProblemsAs(spec, "train/bad")).isEmpty();
        assertThat(ProblemSets.sameProblemsAs(spec, "other")).isEmpty();
    }
}
