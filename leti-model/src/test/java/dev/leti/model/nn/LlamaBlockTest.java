package dev.leti.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.config.ModelConfig;
import java.util.SplittableRandom;
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
}
