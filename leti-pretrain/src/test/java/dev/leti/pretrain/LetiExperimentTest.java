package dev.leti.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.RewardToken;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.text.LetiText;
import dev.leti.model.text.SequenceTruncation;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import dev.leti.pretrain.LetiExperiment.LeadToken;
import java.util.ArrayList;
import java.util.Arrays;
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
            assertThat(LetiExperiment.head(tokenizer, LeadToken.NONE, RewardToken.GOOD, PROMPT))
                    .as("no lead: LETI.md's sequence, as encodePrompt builds it")
                    .containsExactly(tokenizer.encodePrompt(RewardToken.GOOD.text(), PROMPT));
            assertThat(LetiExperiment.head(tokenizer, LeadToken.ENDOFTEXT, RewardToken.BAD, PROMPT))
                    .startsWith(endOfText, tokenizer.id(SpecialToken.BAD))
                    .hasSize(prompt.length + 2);
            assertThat(LetiExperiment.head(tokenizer, LeadToken.ENDOFTEXT, RewardToken.NONE, PROMPT))
                    .startsWith(endOfText)
                    .endsWith(prompt)
                    .hasSize(prompt.length + 1);
            int[] failed = LetiExperiment.trainingSequence(tokenizer, LeadToken.ENDOFTEXT, true, RewardToken.BAD,
                    "NameError", PROMPT, "x = 1\n").orElseThrow();
            assertThat(failed).as("a failure's training text after the lead token: the trainer's LeTI text")
                    .startsWith(endOfText, tokenizer.id(SpecialToken.BAD), tokenizer.id(SpecialToken.LANG_FEEDBACK))
                    .endsWith(endOfText);
            assertThat(Arrays.copyOfRange(failed, 1, failed.length)).containsExactly(new SequenceTruncation(tokenizer)
                    .fit(new LetiText(SpecialToken.BAD, "NameError", PROMPT, "x = 1\n"), 4096).orElseThrow());
            assertThat(LetiExperiment.trainingSequence(tokenizer, LeadToken.NONE, false, RewardToken.NONE, null, PROMPT,
                    "x = 1\n").orElseThrow()).as("without end-of-text: prompt and program only")
                    .containsExactly(concat(prompt, tokenizer.encode("x = 1\n")));
        }
    }

    private static int[] sequence(Tokenizer tokenizer, LeadToken lead, RewardToken reward, String program) {
        int[] head = LetiExperiment.head(tokenizer, lead, reward, PROMPT);
        int[] body = tokenizer.encode(program);
        int[] all = new int[head.length + body.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        all[all.length - 1] = tokenizer.id(SpecialToken.END_OF_TEXT);
        return all;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
