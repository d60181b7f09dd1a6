package dev.leti.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.config.ModelConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KvCacheTest {

    static ModelConfig[] configs() {
        return new ModelConfig[] {TestModels.small(), TestModels.tied(), TestModels.qwen2(), TestModels.llamaScaledWithBias()};
    }

    @ParameterizedTest
    @MethodSource("configs")
    void decodingTokenByTokenWithTheCacheGivesTheFullForwardLogits(ModelConfig config) {
        int batch = 3;
        int length = 20;
        try (LanguageModel model = TestModels.random(config, 7); NDManager manager = model.manager().newSubManager();
                GradMode off = GradMode.disabled()) {
            long[] ids = new SplittableRandom(1).longs((long) batch * length, 0, 262).toArray();
            NDArray tokens = manager.create(ids, new Shape(batch, length));
            NDArray full = model.logits(tokens);

            KvCache cache = model.newCache(manager, batch, length);
            int prefix = 5;
            NDArray first = model.logits(tokens.get(new NDIndex().addAllDim().addSliceDim(0, prefix)), cache);
            assertThat(maxDifference(first, full.get(new NDIndex().addAllDim().addSliceDim(0, prefix)))).isLessThan(1e-4);
            for (int t = prefix; t < length; t++) {
                NDArray step = model.logits(tokens.get(new NDIndex().addAllDim().addSliceDim(t, t + 1)), cache);
                NDArray expected = full.get(new NDIndex().addAllDim().addSliceDim(t, t + 1));
                assertThat(maxDifference(step, expected)).as("position %d", t).isLessThan(1e-4);
            }
            assertThat(cache.length()).isEqualTo(length);
        }
    }

    private static double maxDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
