package dev.leti.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.model.sampling.SamplingOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

    /** Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1 (ids 0..3), then an id with a huge logit at 4. */
    private static final float[] LOGITS = {
        (float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05), 100f};
    private static final int ALLOWED = 4;

    private static SamplingOptions settings(double temperature, double topP, int topK) {
        return new SamplingOptions(temperature, topP, topK, 16, List.of());
    }

    private static int[] counts(SamplingOptions settings, int draws) {
        SplittableRandom random = new SplittableRandom(42);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            counts[TokenSampler.sample(LOGITS, 0, ALLOWED, -1, settings, random)]++;
        }
        return counts;
    }

    @Test
    void zeroTemperatureIsGreedyAndBreaksTiesTowardsTheLowerId() {
        assertThat(counts(settings(0, 1, 0), 50)).containsExactly(50, 0, 0, 0, 0);
        float[] tied = {1f, 3f, 3f, 2f};
        assertThat(TokenSampler.sample(tied, 0, 4, -1, settings(0, 1, 0), new SplittableRandom(1))).isEqualTo(1);
    }

    @Test
    void topKOfOneIsGreedyWhateverTheTemperature() {
        assertThat(counts(settings(5.0, 1, 1), 200)).containsExactly(200, 0, 0, 0, 0);
    }

    @Test
    void topKKeepsOnlyTheKMostLikely() {
        int[] counts = counts(settings(1.0, 1, 2), 4000);
        assertThat(counts[2] + counts[3]).isZero();
        assertThat(counts[0]).isBetween(2300, 2700);
        assertThat(counts[1]).isPositive();
    }

    @Test
    void topKLargerThanTheVocabularyKeepsEverything() {
        int[] counts = counts(settings(1.0, 1, 1000), 4000);
        assertThat(counts[3]).isPositive();
        assertThat(counts[4]).isZero();
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingTheMass() {
        // 0.5 < 0.6, then 0.5 + 0.3 >= 0.6: ids 0 and 1 only.
        int[] counts = counts(settings(1.0, 0.6, 0), 4000);
        assertThat(counts[2] + counts[3]).isZero();
        assertThat(counts[0]).isBetween(2300, 2700);
        // Exactly the mass of the first: still only the first one.
        assertThat(counts(settings(1.0, 0.5, 0), 500)).containsExactly(500, 0, 0, 0, 0);
    }

    @Test
    void aTinyTopPIsGreedy() {
        assertThat(counts(settings(1.0, 1e-9, 0), 300)).containsExactly(300, 0, 0, 0, 0);
    }

    @Test
    void fullSamplingFollowsTheSoftmax() {
        int[] counts = counts(settings(1.0, 1, 0), 20000);
        assertThat(counts[0]).isBetween(9600, 10400);
        assertThat(counts[1]).isBetween(5700, 6300);
        assertThat(counts[2]).isBetween(2700, 3300);
        assertThat(counts[3]).isBetween(800, 1200);
    }

    @Test
    void highTemperatureFlattensAndLowTemperatureSharpens() {
        assertThat(counts(settings(100.0, 1, 0), 8000)[3]).isBetween(1700, 2300);
        assertThat(counts(settings(0.05, 1, 0), 1000)[0]).isEqualTo(1000);
    }

    @Test
    void idsOutsideTheVocabularyAndTheBannedIdAreNeverDrawn() {
        // id 4 has by far the highest logit but lies beyond the tokenizer's vocabulary.
        assertThat(counts(settings(0, 1, 0), 10)[4]).isZero();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            assertThat(TokenSampler.sample(LOGITS, 0, ALLOWED, 0, settings(1.0, 0.9, 0), random)).isNotZero();
        }
        assertThat(TokenSampler.sample(LOGITS, 0, ALLOWED, 0, settings(0, 1, 0), random)).isEqualTo(1);
    }

    @Test
    void rowsAreReadAtTheirOffset() {
        float[] rows = {0f, 9f, 0f, 9f, 0f, 0f};
        assertThat(TokenSampler.sample(rows, 3, 3, -1, settings(0, 1, 0), new SplittableRandom(1))).isZero();
    }

    @Test
    void theSameSeedDrawsTheSameTokens() {
        SplittableRandom first = new SplittableRandom(7);
        SplittableRandom second = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(TokenSampler.sample(LOGITS, 0, ALLOWED, -1, settings(1.0, 0.95, 3), first))
                    .isEqualTo(TokenSampler.sample(LOGITS, 0, ALLOWED, -1, settings(1.0, 0.95, 3), second));
        }
    }
}
