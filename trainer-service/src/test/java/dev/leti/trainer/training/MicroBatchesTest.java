package dev.leti.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.contracts.training.TrainingSettings;
import dev.leti.model.training.TrainingBatch;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MicroBatchesTest {

    private static final int PAD = 0;

    private static TrainingSettings settings(int batchSize, int accumulation, Integer microBatchTokens) {
        return new TrainingSettings(1, batchSize, accumulation, 1e-3, 0.0, LearningRateSchedule.CONSTANT, 0, 1.0, 64,
                false, 0, null, 1L, microBatchTokens, null, null, null);
    }

    private static List<int[]> sequences(int... lengths) {
        return IntStream.of(lengths).mapToObj(length -> IntStream.range(1, length + 1).toArray()).toList();
    }

    @Test
    void withoutABudgetEveryMicroBatchHasBatchSizeOverAccumulationRows() {
        List<TrainingBatch> batches = MicroBatches.of(sequences(5, 30, 7, 9, 12, 3), settings(6, 3, null), PAD, 64);

        assertThat(batches).extracting(TrainingBatch::rows).containsExactly(2, 2, 2);
        assertThat(batches).extracting(TrainingBatch::length).containsExactly(30, 9, 12);
    }

    @Test
    void aBudgetPacksLongestFirstWithinRowsTimesLongest() {
        List<TrainingBatch> batches = MicroBatches.of(sequences(5, 30, 7, 9, 12, 3, 80), settings(7, 1, 40), PAD, 64);

        assertThat(batches).extracting(TrainingBatch::rows).containsExactly(1, 1, 3, 2);
        assertThat(batches).extracting(TrainingBatch::length).as("80 is cut to the 64-token maximum and goes alone")
                .containsExactly(64, 30, 12, 5);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.rows() == 1 || batch.rows() * batch.length() <= 40).isTrue());
        assertThat(batches.stream().mapToLong(TrainingBatch::targetCount).sum())
                .as("every sequence's targets are in exactly one micro-batch")
                .isEqualTo(MicroBatches.of(sequences(5, 30, 7, 9, 12, 3, 80), settings(7, 1, null), PAD, 64)
                        .stream().mapToLong(TrainingBatch::targetCount).sum());
    }
}
