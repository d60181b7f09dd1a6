package dev.leti.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.tokenizer.SpecialToken;
import org.junit.jupiter.api.Test;

class RewardEmbeddingsTest {

    @Test
    void putsGoodAndBadApartAroundTheMeanAndLeavesEveryOtherRowAlone() {
        try (LanguageModel model = TestModels.random(TestModels.small(), 3)) {
            int good = model.tokenizer().id(SpecialToken.GOOD);
            int bad = model.tokenizer().id(SpecialToken.BAD);
            float[] before = model.weights().get(RewardEmbeddings.EMBEDDING).toFloatArray();

            RewardEmbeddings.separate(model, 5);

            NDArray embedding = model.weights().get(RewardEmbeddings.EMBEDDING);
            int size = (int) embedding.getShape().get(1);
            float[] after = embedding.toFloatArray();
            float[] mean = embedding.duplicate().mean(new int[] {0}).toFloatArray();
            double dot = 0;
            double goodNorm = 0;
            double badNorm = 0;
            for (int i = 0; i < size; i++) {
                double g = after[good * size + i] - mean[i];
                double b = after[bad * size + i] - mean[i];
                dot += g * b;
                goodNorm += g * g;
                badNorm += b * b;
            }
            assertThat(dot / Math.sqrt(goodNorm * badNorm)).as("cosine of the two offsets from the mean")
                    .isLessThan(-0.9);
            for (int row = 0; row < after.length / size; row++) {
                if (row != good && row != bad) {
                    for (int i = 0; i < size; i++) {
                        assertThat(after[row * size + i]).isEqualTo(before[row * size + i]);
                    }
                }
            }
        }
    }
}
