package dev.leti.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused decoding step: which models take it, what it costs in native arrays, and that it follows the parameters. */
class FusedDecoderTest {

    private static final int LENGTH = 12;

    @Test
    void aDecodingStepMakesAboutTwentyFiveArraysPerLayer() {
        ModelConfig config = TestModels.small();
        try (LanguageModel model = TestModels.random(config, 5); NDManager generation = model.manager().newSubManager();
                GradMode off = GradMode.disabled()) {
            KvCache cache = model.newCache(generation, 2, LENGTH);
            long[] ids = new SplittableRandom(2).longs(2L * LENGTH, 0, 256).toArray();
            NDArray tokens = generation.create(ids, new Shape(2, LENGTH));
            model.logits(tokens.get(new NDIndex().addAllDim().addSliceDim(0, 4)), cache);
            model.logits(tokens.get(new NDIndex().addAllDim().addSliceDim(4, 5)), cache); // builds the fused weights
            try (NDManager step = generation.newSubManager()) {
                NDArray token = step.create(new long[] {7, 8}, new Shape(2, 1));
                NDArray position = step.create(new long[] {5, 5}, new Shape(2, 1));
                model.forward(token, position, null, cache, true);
                // The general path makes about 60 per layer; the fused one 24 with grouped-query attention.
                assertThat(step.getManagedArrays()).hasSizeLessThanOrEqualTo(2 + 10 + 25 * config.numLayers());
            }
        }
    }

    @Test
    void onlyASmallModelIsWorthTheCopyOfItsWeights() {
        ModelConfig builtin = new ModelConfig(262, 128, 4, 4, 4, 352, 512, 10_000.0, 1e-5, true);
        ModelConfig qwen54m = new ModelConfig(32_000, 640, 8, 10, 2, 1728, 512, 1_000_000.0, 1e-6, true,
                ModelConfig.Family.QWEN2, false, null, ModelConfig.Storage.BFLOAT16);

        assertThat(FusedDecoder.pays(TestModels.small())).isTrue();
        assertThat(FusedDecoder.pays(builtin)).isTrue();
        assertThat(qwen54m.parameterCount()).isGreaterThan(FusedDecoder.MAX_PARAMETERS);
        assertThat(FusedDecoder.pays(qwen54m)).isFalse();
    }

    @Test
    void decodingAfterATrainingStepUsesTheTrainedWeights() {
        try (LanguageModel model = TestModels.random(TestModels.small(), 9)) {
            long[] ids = new SplittableRandom(3).longs(LENGTH, 0, 256).toArray();
            assertThat(lastStepDifference(model, ids)).isLessThan(1e-4);
            TrainingOptions options = new TrainingOptions(1e-2, 0.0, 0, 10,
                    LearningRateSchedule.CONSTANT, 1.0);
            try (TrainingSession session = TrainingSession.start(model, options)) {
                int[] sequence = new SplittableRandom(4).ints(LENGTH, 0, 256).toArray();
                session.step(TrainingBatch.of(List.of(sequence), 261, LENGTH));
            }
            assertThat(lastStepDifference(model, ids)).isLessThan(1e-4);
        }
    }

    /** Largest difference between the cached last step's logits and a full forward pass's. */
    private static double lastStepDifference(LanguageModel model, long[] ids) {
        try (NDManager manager = model.manager().newSubManager(); GradMode off = GradMode.disabled()) {
            NDArray tokens = manager.create(ids, new Shape(1, ids.length));
            NDArray full = model.logits(tokens).get(new NDIndex().addAllDim().addSliceDim(ids.length - 1, ids.length));
            KvCache cache = model.newCache(manager, 1, ids.length);
            model.logits(tokens.get(new NDIndex().addAllDim().addSliceDim(0, ids.length - 1)), cache);
            NDArray step = model.logits(tokens.get(new NDIndex().addAllDim().addSliceDim(ids.length - 1, ids.length)), cache);
            return step.sub(full).abs().max().getFloat();
        }
    }
}
