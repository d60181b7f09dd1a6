package dev.leti.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.RewardToken;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import dev.leti.pretrain.LetiExperiment.LeadToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reward-condition measure of {@code --eval-condition} and the sequences' lead token. */
class LetiExperimentTest {

    private static final String PROMPT = "# p\n";

    @ParameterizedTest
    @EnumSource(LeadToken.class)
    void aProgramTrainedAfterGoodIsLikelierAfterGoodThanAfterBad(LeadToken lead) {
        try (LanguageModel model = TestModels.random(TestModels.tied(), 5)) {
            Tokenizer tokenizer = model.tokenizer();
            int pad = tokenizer.id(SpecialToken.PAD);
            List<int[]> sequences = new ArrayList<>();
            sequences.add(sequence(tokenizer, lead, RewardToken.GOOD, "xxxx"));
            sequences.add(sequence(tokenizer, lead, RewardToken.BAD, "yyyy"));
            TrainingOptions options = new TrainingOptions(1e-2, 0.0, 0, 200,
                    LearningRateSchedule.CONSTANT, 1.0);
            try (TrainingSession session = TrainingSession.start(model, options)) {
                double before = LetiExperiment.programLoss(tokenizer, session, lead, RewardToken.BAD, PROMPT, "xxxx")
                        - LetiExperiment.programLoss(tokenizer, session, lead, RewardToken.GOOD, PROMPT, "xxxx");
                for (int step = 0; step < 200; step++) {
                    session.step(TrainingBatch.of(sequences, pad, 64));
                }
                double good = LetiExperiment.programLoss(tokenizer, session, lead, RewardToken.BAD, PROMPT, "xxxx")
                        - LetiExperiment.programLoss(tokenizer, session, lead, RewardToken.GOOD, PROMPT, "xxxx");
                double bad = LetiExperiment.programLoss(tokenizer, session, lead, RewardToken.BAD, PROMPT, "yyyy")
                        - LetiExperiment.programLoss(tokenizer, session, lead, RewardToken.GOOD, PROMPT, "yyyy");
                assertThat(Math.abs(before)).as("an untrained model hardly tells the tokens apart").isLessThan(0.5);
                assertThat(good).as("the program seen after GOOD: positive margin").isGreaterThan(1.0);
                assertThat(bad).as("the program seen after BAD: negative margin").isLessThan(-1.0);
            }
        }
    }

    @Test
    void theLeadTokenComesBeforeTheRewardTokenOrThePrompt() {
        try (LanguageModel model = TestModels.random(TestModels.tied(), 5)) {
            Tokenizer tokenizer = model.tokenizer();
            int endOfText = tokenizer.id(SpecialToken.END_OF_TEXT);
            int[] prompt = tokenizer.encode(PROMPT);
            assertThat(LetiExperiment.head(tokenizer, LeadToken.NONE, RewardToken.GOOD, null, PROMPT))
                    .as("no lead: LETI.md's sequence, as encodePrompt builds it")
                    .containsExactly(tokenizer.encodePrompt(RewardToken.GOOD.text(), PROMPT));
            assertThat(LetiExperiment.head(tokenizer, LeadToken.ENDOFTEXT, RewardToken.BAD, null, PROMPT))
                    .startsWith(endOfText, tokenizer.id(SpecialToken.BAD))
                    .hasSize(prompt.length + 2);
            assertThat(LetiExperiment.head(tokenizer, LeadToken.ENDOFTEXT, RewardToken.NONE, null, PROMPT))
                    .startsWith(endOfText)
                    .endsWith(prompt)
                    .hasSize(prompt.length + 1);
            assertThat(LetiExperiment.head(tokenizer, LeadToken.ENDOFTEXT, RewardToken.BAD, "NameError", PROMPT))
                    .as("a failure's feedback block after the reward token")
                    .startsWith(endOfText, tokenizer.id(SpecialToken.BAD), tokenizer.id(SpecialToken.LANG_FEEDBACK))
                    .endsWith(prompt);
        }
    }

    private static int[] sequence(Tokenizer tokenizer, LeadToken lead, RewardToken reward, String program) {
        int[] head = LetiExperiment.head(tokenizer, lead, reward, null, PROMPT);
        int[] body = tokenizer.encode(program);
        int[] all = new int[head.length + body.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        all[all.length - 1] = tokenizer.id(SpecialToken.END_OF_TEXT);
        return all;
    }
}
