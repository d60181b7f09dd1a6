package dev.leti.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leti.model.training.LearningRateSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    @Test
    void warmUpIsLinearThenCosineDecaysToZero() {
        TrainingOptions options = new TrainingOptions(1.0, 0, 4, 14, LearningRateSchedule.COSINE, 0);
        assertThat(options.learningRateAt(0)).isEqualTo(0.25);
        assertThat(options.learningRateAt(3)).isEqualTo(1.0);
        assertThat(options.learningRateAt(4)).isEqualTo(1.0);
        assertThat(options.learningRateAt(9)).isCloseTo(0.5, within(1e-12));
        assertThat(options.learningRateAt(14)).isCloseTo(0.0, within(1e-12));
        assertThat(options.learningRateAt(100)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void constantStaysAtThePeakAfterWarmUp() {
        TrainingOptions options = new TrainingOptions(1e-5, 0.01, 0, 100, LearningRateSchedule.CONSTANT, 1.0);
        assertThat(List.of(options.learningRateAt(0), options.learningRateAt(99))).containsOnly(1e-5);
        assertThat(options.weightDecay()).isEqualTo(0.01);
    }

    @Test
    void batchesMarkTargetsAndPadding() {
        TrainingBatch batch = TrainingBatch.of(List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6, 7, 8}),
                java.util.Arrays.asList(new boolean[] {true, false, true}, null), 0, 4);
        assertThat(batch.length()).isEqualTo(4);
        assertThat(batch.tokens()).containsExactly(1, 2, 3, 0, 4, 5, 6, 7);
        assertThat(batch.weights()).containsExactly(0, 0, 1, 0, 0, 1, 1, 1);
        assertThat(batch.targetCount()).isEqualTo(4);
    }
}
