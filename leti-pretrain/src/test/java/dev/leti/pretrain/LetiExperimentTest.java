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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reward-condition measure of {@code --eval-condition}. */
class LetiExperimentTest {

    private static final String PROMPT = "# p\n";

    @Test
    void aProgramTrainedAfterGoodIsLikelierAfterGoodThanAfterBad() {
        try (LanguageModel model = TestModels.random(TestModels.tied(), 5)) {
            Tokenizer tokenizer = model.tokenizer();
            int pad = tokenizer.id(SpecialToken.PAD);
            List<int[]> sequences = new ArrayList<>();
            sequences.add(sequence(tokenizer, RewardToken.GOOD, "xxxx"));
            sequences.add(sequence(tokenizer, RewardToken.BAD, "yyyy"));
            TrainingOptions options = new TrainingOptions(1e-2, 0.0, 0, 200,
                    LearningRateSchedule.CONSTANT, 1.0);
            try (TrainingSession session = TrainingSession.start(model, options)) {
                double before = LetiExperiment.programLoss(tokenizer, session, RewardToken.BAD, PROMPT, "xxxx")
                        - LetiExperiment.programLoss(tokenizer, session, RewardToken.GOOD, PROMPT, "xxxx");
                for (int step = 0; step < 200; step++) {
                    session.step(TrainingBatch.of(sequences, pad, 64));
                }
                double good = LetiExperiment.programLoss(tokenizer, session, RewardToken.BAD, PROMPT, "xxxx")
                        - LetiExperiment.programLoss(tokenizer, session, RewardToken.GOOD, PROMPT, "xxxx");
                double bad = LetiExperiment.programLoss(tokenizer, session, RewardToken.BAD, PROMPT, "yyyy")
                        - LetiExperiment.programLoss(tokenizer, session, RewardToken.GOOD, PROMPT, "yyyy");
                assertThat(Math.abs(before)).as("an untrained model hardly tells the tokens apart").isLessThan(0.5);
                assertThat(good).as("the program seen after GOOD: positive margin").isGreaterThan(1.0);
                assertThat(bad).as("the program seen after BAD: negative margin").isLessThan(-1.0);
            }
        }
    }

    private static int[] sequence(Tokenizer tokenizer, RewardToken reward, String program) {
        int[] head = tokenizer.encodePrompt(reward.text(), PROMPT);
        int[] body = tokenizer.encode(program);
        int[] all = new int[head.length + body.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        all[all.length - 1] = tokenizer.id(SpecialToken.END_OF_TEXT);
        return all;
    }
}
