package dev.leti.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.contracts.messaging.LetiJson;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run spec's defaults and rules without Spring: specs are written as the REST body would
 * carry them, so that these tests state what a client sends and gets.
 */
class RunSpecTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void anEmptySpecGetsTheDemoSettings() {
        RunSpec spec = RunSpec.EMPTY.withDefaults();

        assertThat(spec.baseCheckpoint()).isEqualTo(RunSpec.DEFAULT_CHECKPOINT);
        assertThat(spec.dataset().reference()).isEqualTo(RunSpec.DEFAULT_DATASET);
        assertThat(spec.dataset().trainSplit()).isEqualTo("train");
        assertThat(spec.dataset().evalSplit()).isEqualTo("test");
        assertThat(spec.iterations()).isEqualTo(2);
        assertThat(spec.samplesPerProblem()).isEqualTo(8);
        assertThat(spec.feedbackMode()).isEqualTo(FeedbackMode.TEXTUAL);
        assertThat(spec.sampling().temperature()).isEqualTo(1.0);
        assertThat(spec.sampling().maxNewTokens()).isEqualTo(SamplingSettings.DEFAULT_MAX_NEW_TOKENS);
        assertThat(spec.training().lora()).isNull();
        assertThat(spec.evaluation().kValues()).containsExactly(1, 5);
        assertThat(spec.evaluation().rewardToken()).isEqualTo(RewardToken.GOOD);
        assertThat(spec.execution().timeoutMillis()).isEqualTo(5_000L);
        assertThatCode(() -> RunSpecRules.check(spec)).doesNotThrowAnyException();
    }

    @Test
    void givenSettingsAreKeptAndOnlyTheGapsFilled() {
        RunSpec spec = parse("""
                {"iterations": 3, "sampling": {"temperature": 0.7},
                 "training": {"lora": {"rank": 4}}}""").withDefaults();

        assertThat(spec.iterations()).isEqualTo(3);
        assertThat(spec.sampling().temperature()).isEqualTo(0.7);
        assertThat(spec.sampling().topP()).isEqualTo(1.0);
        assertThat(spec.training().lora().rank()).isEqualTo(4);
        assertThat(spec.training().lora().targetModules()).containsExactly("q_proj", "v_proj");
        assertThat(spec.withDefaults()).isEqualTo(spec);
    }

    @Test
    void evaluationSamplingIsMergedOverItsOwnDefaultsAndTakesTheTrainingSeed() {
        RunSpec spec = parse("""
                {"sampling": {"seed": 7, "topK": 40}, "evaluation": {"sampling": {"maxNewTokens": 64}}}""")
                .withDefaults();

        assertThat(spec.sampling()).isEqualTo(new SamplingSettings(1.0, 1.0, 40, 256, 7L));
        assertThat(spec.evaluation().sampling()).isEqualTo(new SamplingSettings(0.2, 1.0, 0, 64, 7L));
        assertThat(RunSpec.EMPTY.withDefaults().evaluation().sampling())
                .isEqualTo(SamplingSettings.EVALUATION.withDefaults(SamplingSettings.TRAINING));
    }

    @Test
    void aNoneFeedbackRunIsEvaluatedWithoutARewardToken() {
        RunSpec spec = parse("{\"feedbackMode\": \"NONE\"}").withDefaults();

        assertThat(spec.evaluation().rewardToken()).isEqualTo(RewardToken.NONE);
    }

    @Test
    void anExtraEvaluationSetIsNamedAfterItsFileAndSplit() {
        RunSpec spec = parse("""
                {"evaluation": {"extraDatasets": [{"reference": "/data/humaneval.jsonl", "split": "all"},
                                                  {"reference": "builtin:leti-tiny"}]}}""").withDefaults();

        assertThat(ProblemSets.evalSets(spec)).containsExactly("test", "humaneval/all", "leti-tiny/test");
    }

    @Test
    void theAnnotationsRejectSettingsOutOfRange() {
        RunSpec spec = parse("""
                {"iterations": 0, "sampling": {"topP": 0}, "evaluation": {"kValues": [1, 0]},
                 "training": {"lora": {"rank": 0}}}""");

        assertThat(VALIDATOR.validate(spec)).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("iterations", "sampling.topP", "evaluation.kValues[1].<list element>",
                        "training.lora.rank");
        assertThat(VALIDATOR.validate(RunSpec.EMPTY.withDefaults())).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"feedbackMode": "NONE", "evaluation": {"rewardToken": "GOOD"}} | evaluation.rewardToken
            {"feedbackMode": "NONE", "evaluation": {"extraDatasets": [{"reference": "x", "rewardToken": "BAD"}]}} | evaluation.extraDatasets[0].rewardToken
            {"evaluation": {"kValues": [1, 9], "samplesPerProblem": 8}} | evaluation.kValues
            {"training": {"lora": {"targetModules": ["q_proj", "qkv"]}}} | training.lora.targetModules
            {"training": {"batchSize": 6, "gradientAccumulation": 4}} | training.batchSize
            {"dataset": {"trainSplit": "test"}} | dataset.evalSplit
            {"evaluation": {"extraDatasets": [{"name": "train", "reference": "x"}]}} | evaluation.extraDatasets[0].name
            {"evaluation": {"extraDatasets": [{"reference": "x"}, {"reference": "x"}]}} | evaluation.extraDatasets[1].name
            """)
    void aRuleAcrossFieldsNamesTheOffendingField(String json, String field) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> RunSpecRules.check(parse(json).withDefaults()));

        assertThat(e).as(json).isNotNull();
        assertThat(e.field()).isEqualTo(field);
    }

    private static RunSpec parse(String json) {
        return LetiJson.mapper().readValue(json, RunSpec.class);
    }
}
