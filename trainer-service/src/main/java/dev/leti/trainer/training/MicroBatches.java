package dev.leti.trainer.training;

import dev.leti.contracts.training.TrainingSettings;
import dev.leti.model.training.TrainingBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the sequences of one optimizer step into the micro-batches its gradient is accumulated
 * over. Either {@code batchSize / gradientAccumulation} rows each, or, with
 * {@code microBatchTokens}, packed by length: sequences sorted longest first, a micro-batch
 * closed when one more row would make rows x its longest row exceed the budget (a row longer
 * than the budget goes alone). Packing keeps little padding and bounds activation memory by
 * tokens, which is what a large model on one GPU runs out of; the step's gradient is the same
 * either way, since the loss is averaged over all target tokens of the step.
 */
final class MicroBatches {

    private MicroBatches() {
    }

    static List<TrainingBatch> of(List<int[]> step, TrainingSettings settings, int padId, int maxLength) {
        if (!settings.packsByTokens()) {
            int rows = settings.batchSize() / settings.gradientAccumulation();
            List<TrainingBatch> batches = new ArrayList<>();
            for (int from = 0; from < step.size(); from += rows) {
                batches.add(TrainingBatch.of(step.subList(from, Math.min(step.size(), from + rows)), padId, maxLength));
            }
            return batches;
        }
        List<int[]> longestFirst = new ArrayList<>(step);
        longestFirst.sort(Comparator.comparingInt((int[] sequence) -> Math.min(sequence.length, maxLength)).reversed());
        List<TrainingBatch> batches = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        int longest = 0;
        for (int[] sequence : longestFirst) {
            int length = Math.min(sequence.length, maxLength);
            int width = Math.max(longest, length);
            if (!current.isEmpty() && (long) (current.size() + 1) * width > settings.microBatchTokens()) {
                batches.add(TrainingBatch.of(current, padId, maxLength));
                current = new ArrayList<>();
                width = length;
            }
            current.add(sequence);
            longest = width;
        }
        if (!current.isEmpty()) {
            batches.add(TrainingBatch.of(current, padId, maxLength));
        }
        return batches;
    }
}
