package dev.leti.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {

    private static final List<String> CORPUS = List.of(
            "def add(a, b):\n    return a + b\n",
            "def sub(a, b):\n    return a - b\n",
            "def mul(a, b):\n    return a * b\n",
            "def neg(a):\n    return -a\n");

    static TrainingBatch corpusBatch(Tokenizer tokenizer) {
        List<int[]> sequences = new ArrayList<>();
        for (String text : CORPUS) {
            sequences.add(tokenizer.encodeWithSpecialTokens(text + SpecialToken.END_OF_TEXT.text()));
        }
        return TrainingBatch.of(sequences, tokenizer.id(SpecialToken.PAD), 64);
    }

    @Test
    void lossFallsOnASmallCorpus() {
        try (LanguageModel model = TestModels.random(TestModels.small(), 3)) {
            TrainingBatch batch = corpusBatch(model.tokenizer());
            TrainingOptions options = new TrainingOptions(3e-3, 0.01, 0.9, 0.95, 1e-8, 5, 60,
                    LearningRateSchedule.COSINE, 1.0);
            try (TrainingSession session = TrainingSession.start(model, options)) {
                double before = session.evaluate(batch);
                StepResult last = null;
                for (int i = 0; i < 60; i++) {
                    last = session.step(batch);
                }
                double after = session.evaluate(batch);
                assertThat(before).isGreaterThan(5.0);
                assertThat(after).isLessThan(before / 2);
                assertThat(last.step()).isEqualTo(60);
                assertThat(last.targetTokens()).isEqualTo(batch.targetCount());
            }
        }
    }
}
