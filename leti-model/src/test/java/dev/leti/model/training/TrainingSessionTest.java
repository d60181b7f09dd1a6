package dev.leti.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.Precision;
import dev.leti.model.TestModels;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.Sampler;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.tokenizer.Tokenizers;
import dev.leti.model.training.LearningRateSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSessionTest {

    private static final List<String> CORPUS = List.of(
            "def add(a, b):\n    return a + b\n",
            "def sub(a, b):\n    return a - b\n",
            "def mul(a, b):\n    return a * b\n",
            "def neg(a):\n    return -a\n");


    @Test
    void lossFallsOnASmallCorpus() {
        try (LanguageModel model = TestModels.random(TestModels.small(), 3)) {
            TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
            TrainingOptions options = new TrainingOptions(3e-3, 0.01, 5, 60,
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

    private static final TrainingOptions OPTIONS = new TrainingOptions(3e-3, 0.1, 2, 10,
            LearningRateSchedule.COSINE, 1.0);

    @Test
    void accumulatingMicroBatchesEqualsOneBigBatch() {
        List<int[]> sequences = corpusSequences();
        int pad = 261;
        TrainingBatch whole = TrainingBatch.of(sequences, pad, 64);
        List<TrainingBatch> halves = List.of(TrainingBatch.of(sequences.subList(0, 2), pad, 64),
                TrainingBatch.of(sequences.subList(2, 4), pad, 64));
        try (LanguageModel one = TestModels.random(TestModels.small(), 8); LanguageModel two = TestModels.random(TestModels.small(), 8);
                TrainingSession single = TrainingSession.start(one, OPTIONS);
                TrainingSession accumulated = TrainingSession.start(two, OPTIONS)) {
            for (int step = 0; step < 3; step++) {
                StepResult a = single.step(whole);
                StepResult b = accumulated.step(halves);
                assertThat(b.loss()).isCloseTo(a.loss(), org.assertj.core.data.Offset.offset(1e-5));
                assertThat(b.targetTokens()).isEqualTo(a.targetTokens());
            }
            assertThat(maxDifference(one.weights(), two.weights())).isLessThan(1e-5);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("dev.leti.model.training.TrainingSessionTest#layouts")
    void gradientCheckpointingTrainsExactlyAsThePlainBackwardPass(dev.leti.model.config.ModelConfig config) {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        TrainingOptions checkpointing = new TrainingOptions(3e-3, 0.1, AdamWSettings.LANGUAGE_MODEL, 2, 10,
                LearningRateSchedule.COSINE, 1.0, true, null);
        try (LanguageModel one = TestModels.random(config, 8); LanguageModel two = TestModels.random(config, 8);
                TrainingSession plain = TrainingSession.start(one, OPTIONS);
                TrainingSession recomputing = TrainingSession.start(two, checkpointing)) {
            for (int step = 0; step < 3; step++) {
                StepResult a = plain.step(batch);
                StepResult b = recomputing.step(batch);
                assertThat(b.loss()).isCloseTo(a.loss(), org.assertj.core.data.Offset.offset(1e-5));
                assertThat(b.gradientNorm()).isCloseTo(a.gradientNorm(), org.assertj.core.data.Offset.offset(1e-4));
            }
            assertThat(maxDifference(one.weights(), two.weights())).isLessThan(1e-5);
        }
    }

    static List<dev.leti.model.config.ModelConfig> layouts() {
        return List.of(TestModels.small(), TestModels.tied(), TestModels.qwen2());
    }

    @Test
    void aResumedSessionContinuesExactlyWhereTheSavedOneStopped(@TempDir Path work) throws Exception {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        Path checkpoint = work.resolve("step-2");
        try (LanguageModel straight = TestModels.random(TestModels.small(), 5);
                TrainingSession session = TrainingSession.start(straight, OPTIONS)) {
            for (int step = 0; step < 4; step++) {
                session.step(batch);
            }
            try (LanguageModel interrupted = TestModels.random(TestModels.small(), 5)) {
                try (TrainingSession first = TrainingSession.start(interrupted, OPTIONS)) {
                    first.step(batch);
                    first.step(batch);
                    first.save(checkpoint, true);
                }
            }
            try (LanguageModel resumed = LanguageModel.load(checkpoint.toString(), ModelOptions.cpu());
                    TrainingSession second = TrainingSession.resume(resumed, OPTIONS, checkpoint)) {
                assertThat(second.completedSteps()).isEqualTo(2);
                StepResult third = second.step(batch);
                assertThat(third.step()).isEqualTo(3);
                assertThat(third.learningRate()).isEqualTo(OPTIONS.learningRateAt(2));
                second.step(batch);
                assertThat(maxDifference(resumed.weights(), straight.weights())).isLessThan(1e-6);
            }
        }
    }

    private static final TrainingOptions LORA = new TrainingOptions(3e-2, 0.0, AdamWSettings.LANGUAGE_MODEL, 0, 40,
            LearningRateSchedule.CONSTANT, 1.0, false, new LoraOptions(4, 8.0,
            java.util.Set.of("q_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")));

    @Test
    void loraTrainsAdaptersOnlyAndMergesThemIntoTheSameFunction() {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        try (LanguageModel model = TestModels.random(TestModels.qwen2(), 3)) {
            // Frozen tied embeddings of N(0, 0.02) bound every logit below 1; larger ones leave the adapters room.
            try (dev.leti.model.nn.GradMode off = dev.leti.model.nn.GradMode.disabled()) {
                model.weights().get("model.embed_tokens.weight").muli(20);
            }
            model.block().parametersChanged();
            Map<String, float[]> before = new java.util.LinkedHashMap<>();
            model.weights().forEach((name, weight) -> before.put(name, weight.toFloatArray()));
            try (TrainingSession session = TrainingSession.start(model, LORA)) {
                assertThat(model.block().hasAdapters()).isTrue();
                double first = session.step(batch).loss();
                double last = first;
                for (int i = 0; i < 30; i++) {
                    last = session.step(batch).loss();
                }
                assertThat(last).as("the adapters learn (embeddings and head stay frozen)").isLessThan(first * 0.9);
                model.weights().forEach((name, weight) -> assertThat(weight.toFloatArray()).as(name + " frozen")
                        .containsExactly(before.get(name)));
                float[] adapted = logits(model, batch);
                session.mergeAdapters();
                assertThat(model.block().hasAdapters()).isFalse();
                assertThat(dev.leti.model.PythonTorch.maxDifference(logits(model, batch), adapted))
                        .as("merged weights compute what weights + adapters computed").isLessThan(1e-4);
                assertThat(model.weights().get("model.layers.0.self_attn.q_proj.weight").toFloatArray())
                        .isNotEqualTo(before.get("model.layers.0.self_attn.q_proj.weight"));
                assertThat(model.weights().get("model.layers.0.self_attn.k_proj.weight").toFloatArray())
                        .as("not a target").containsExactly(before.get("model.layers.0.self_attn.k_proj.weight"));
            }
        }
    }

    @Test
    void aResumedLoraSessionContinuesWithItsAdapters(@TempDir Path work) throws Exception {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        Path checkpoint = work.resolve("step-2");
        try (LanguageModel straight = TestModels.random(TestModels.small(), 5);
                TrainingSession session = TrainingSession.start(straight, LORA)) {
            for (int step = 0; step < 3; step++) {
                session.step(batch);
            }
            try (LanguageModel interrupted = TestModels.random(TestModels.small(), 5);
                    TrainingSession first = TrainingSession.start(interrupted, LORA)) {
                first.step(batch);
                first.step(batch);
                first.save(checkpoint, true);
            }
            try (LanguageModel resumed = LanguageModel.load(checkpoint.toString(), ModelOptions.cpu());
                    TrainingSession second = TrainingSession.resume(resumed, LORA, checkpoint)) {
                second.step(batch);
                assertThat(dev.leti.model.PythonTorch.maxDifference(logits(resumed, batch), logits(straight, batch))).isLessThan(1e-5);
            }
        }
    }

    private static float[] logits(LanguageModel model, TrainingBatch batch) {
        return TestModels.logits(model, batch.tokens(), batch.rows(), batch.length());
    }

    @Test
    void weightDecayTouchesMatricesOnly() {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        TrainingOptions decaying = new TrainingOptions(1e-2, 0.5, 0, 10, LearningRateSchedule.CONSTANT, 0);
        TrainingOptions plain = new TrainingOptions(1e-2, 0, 0, 10, LearningRateSchedule.CONSTANT, 0);
        try (LanguageModel a = TestModels.random(TestModels.small(), 6); LanguageModel b = TestModels.random(TestModels.small(), 6);
                TrainingSession withDecay = TrainingSession.start(a, decaying);
                TrainingSession without = TrainingSession.start(b, plain)) {
            withDecay.step(batch);
            without.step(batch);
            a.weights().forEach((name, weight) -> {
                double difference = weight.sub(b.weights().get(name)).abs().max().getFloat();
                if (weight.getShape().dimension() == 1) {
                    assertThat(difference).as(name).isZero();
                } else {
                    assertThat(difference).as(name).isPositive();
                }
            });
        }
    }

    @Test
    void trainingAndSamplingLeaveNoArraysBehindInTheModelsManager() {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        try (LanguageModel model = TestModels.random(TestModels.small(), 4);
                TrainingSession session = TrainingSession.start(model, OPTIONS)) {
            Sampler sampler = new Sampler(model);
            List<GenerationInput> inputs = List.of(
                    new GenerationInput(new int[] {1, 2, 3}, new SamplingOptions(1.0, 0.9, 0, 9, List.of("x")), 1),
                    new GenerationInput(new int[] {4}, new SamplingOptions(0, 1, 0, 3, List.of()), 2));
            session.step(batch);
            sampler.generate(inputs);
            int arrays = model.manager().getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                session.step(batch);
                session.evaluate(batch);
                sampler.generate(inputs);
            }
            assertThat(model.manager().getManagedArrays()).hasSize(arrays);
        }
    }

    @Test
    void float16MixedPrecisionTrainsAndKeepsFloat32Weights() {
        TrainingBatch batch = TrainingBatch.of(corpusSequences(), 261, 64);
        ModelOptions half = new ModelOptions("cpu", Precision.FP16);
        try (LanguageModel model = LanguageModel.random(TestModels.small(), Tokenizers.byteLevel(), half, 3);
                TrainingSession session = TrainingSession.start(model, new TrainingOptions(3e-3, 0.01, 5,
                        40, LearningRateSchedule.COSINE, 1.0))) {
            double before = session.evaluate(batch);
            StepResult last = null;
            for (int i = 0; i < 40; i++) {
                last = session.step(batch);
            }
            assertThat(Double.isFinite(last.gradientNorm())).isTrue();
            assertThat(session.evaluate(batch)).isLessThan(before * 0.75);
            assertThat(model.weights().values()).allSatisfy(weight ->
                    assertThat(weight.getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32));
        }
    }

    private static List<int[]> corpusSequences() {
        Tokenizer tokenizer = Tokenizers.byteLevel();
        return CORPUS.stream().map(text -> tokenizer.encodeWithSpecialTokens(text + SpecialToken.END_OF_TEXT.text())).toList();
    }

    private static double maxDifference(Map<String, NDArray> a, Map<String, NDArray> b) {
        double max = 0;
        for (String name : a.keySet()) {
            max = Math.max(max, a.get(name).sub(b.get(name)).abs().max().getFloat());
        }
        return max;
    }
}
