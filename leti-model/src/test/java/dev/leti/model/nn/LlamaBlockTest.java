package dev.leti.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.config.ModelConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LlamaBlockTest {

    /** Each layer makes about 60 arrays; only its output may outlive it, with or without gradients. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aForwardPassKeepsOnlyEachLayersOutput(boolean recordGradients) {
        ModelConfig base = TestModels.small();
        ModelConfig deep = new ModelConfig(base.vocabSize(), base.hiddenSize(), 6, base.numHeads(), base.numKvHeads(),
                base.intermediateSize(), base.maxPositions(), base.ropeTheta(), base.rmsNormEps(), base.tieWordEmbeddings());
        try (LanguageModel model = TestModels.random(deep, 1); NDManager pass = model.manager().newSubManager();
                GradMode mode = recordGradients ? GradMode.enabled() : GradMode.disabled()) {
            long[] ids = new SplittableRandom(5).longs(2 * 16, 0, 256).toArray();
            model.logits(pass.create(ids, new Shape(2, 16)));
            assertThat(pass.getManagedArrays()).hasSizeLessThanOrEqualTo(25 + 2 * deep.numLayers());
        }
    }

    /**
     * Backward reads what autograd saved during the forward pass, scalar factors included (the
     * attention's 1/sqrt(headDim)): a collection and fresh native allocations in between must not
     * change a gradient. A factor passed to DJL as a Number lived in a Java direct buffer that the
     * collector freed and malloc handed out again, so backward scaled gradients by garbage.
     */
    @Test
    void gradientsDoNotDependOnACollectionBetweenForwardAndBackward() throws InterruptedException {
        Map<String, float[]> undisturbed = gradients(false);
        Map<String, float[]> collected = gradients(true);
        assertThat(collected.keySet()).isEqualTo(undisturbed.keySet());
        undisturbed.forEach((name, gradient) -> assertThat(collected.get(name)).as(name).containsExactly(gradient));
    }

    private static Map<String, float[]> gradients(boolean collectBeforeBackward) throws InterruptedException {
        try (LanguageModel model = TestModels.random(TestModels.small(), 2); NDManager pass = model.manager().newSubManager()) {
            Map<String, LlamaBlock.NamedParameter> parameters = model.block().namedParameters();
            parameters.values().forEach(named -> named.parameter().getArray().setRequiresGradient(true));
            List<ByteBuffer> reused = new ArrayList<>();
            try (GradMode on = GradMode.enabled()) {
                long[] ids = new SplittableRandom(3).longs(2 * 12, 0, 256).toArray();
                NDArray loss = model.logits(pass.create(ids, new Shape(2, 12))).logSoftmax(-1).sum();
                if (collectBeforeBackward) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(50); // the cleaner thread frees unreachable direct buffers
                    }
                    for (int i = 0; i < 10_000; i++) {
                        reused.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 1000f));
                    }
                }
                JniUtils.backward((PtNDArray) loss, (PtNDArray) pass.ones(new Shape()), false, false);
            }
            Map<String, float[]> gradients = new LinkedHashMap<>();
            parameters.forEach((name, named) -> gradients.put(name, named.parameter().getArray().getGradient().toFloatArray()));
            assertThat(reused).hasSize(collectBeforeBackward ? 10_000 : 0);
            return gradients;
        }
    }
}
