package dev.leti.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same weights give the same logits in an independent PyTorch implementation
 * ({@code src/test/python/llama_reference.py}), before and after one AdamW training step.
 */
class ReferenceParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final double LEARNING_RATE = 1e-2;
    private static final double WEIGHT_DECAY = 0.1;
    private static final double MAX_GRAD_NORM = 0.5;

    @BeforeAll
    static void requireTorch() {
        assumeThat(PythonTorch.available()).as("/usr/bin/python3 with torch").isTrue();
    }

    static ModelConfig[] configs() {
        return new ModelConfig[] {TestModels.small(), TestModels.tied(), TestModels.qwen2(), TestModels.llamaScaledWithBias()};
    }

    @ParameterizedTest
    @MethodSource("configs")
    void logitsAndOneTrainingStepMatchPyTorch(ModelConfig config, @TempDir Path work) throws Exception {
        int rows = 3;
        int length = 24;
        SplittableRandom random = new SplittableRandom(5);
        List<int[]> sequences = new ArrayList<>();
        List<boolean[]> targets = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            sequences.add(random.ints(length, 0, 262).toArray());
            boolean[] mask = new boolean[length];
            for (int t = 0; t < length; t++) {
                mask[t] = random.nextInt(4) != 0;
            }
            targets.add(mask);
        }
        TrainingBatch batch = TrainingBatch.of(sequences, targets, 261, length);
        Path checkpoint = work.resolve("checkpoint");
        try (LanguageModel model = TestModels.random(config, 21)) {
            model.save(checkpoint);
            Path request = work.resolve("request.json");
            Files.writeString(request, ModelJson.mapper().writeValueAsString(Map.of(
                    "tokens", sequences,
                    "train", Map.of("weights", toRows(batch.weights(), rows, length), "lr", LEARNING_RATE,
                            "weight_decay", WEIGHT_DECAY, "betas", List.of(0.9, 0.95), "eps", 1e-8,
                            "max_grad_norm", MAX_GRAD_NORM))));
            PythonTorch.run("llama_reference.py", checkpoint.toString(), request.toString(), work.resolve("ref").toString());

            float[] before = logits(model, batch);
            assertThat(PythonTorch.maxDifference(before, PythonTorch.readFloats(work.resolve("ref.before.bin")))).isLessThan(TOLERANCE);

            TrainingOptions options = new TrainingOptions(LEARNING_RATE, WEIGHT_DECAY, 0, 1,
                    LearningRateSchedule.CONSTANT, MAX_GRAD_NORM);
            try (TrainingSession session = TrainingSession.start(model, options)) {
                assertThat(session.step(batch).gradientNorm()).isGreaterThan(MAX_GRAD_NORM);
            }
            float[] after = logits(model, batch);
            assertThat(PythonTorch.maxDifference(after, before)).as("the step changed the model").isGreaterThan(1e-2);
            assertThat(PythonTorch.maxDifference(after, PythonTorch.readFloats(work.resolve("ref.after.bin")))).isLessThan(TOLERANCE);
        }
    }

    private static float[] logits(LanguageModel model, TrainingBatch batch) {
        return TestModels.logits(model, batch.tokens(), batch.rows(), batch.length());
    }

    private static List<float[]> toRows(float[] values, int rows, int length) {
        List<float[]> out = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            out.add(java.util.Arrays.copyOfRange(values, row * length, (row + 1) * length));
        }
        return out;
    }


}
