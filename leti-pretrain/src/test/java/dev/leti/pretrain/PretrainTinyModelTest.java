package dev.leti.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.pretrain.corpus.PretrainingCorpus;
import dev.leti.pretrain.corpus.PythonBatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-training command, shortened to a few steps on a small corpus. */
class PretrainTinyModelTest {

    @Test
    void trainsReportsProgressAndPublishesALoadableCheckpoint(@TempDir Path directory) throws Exception {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();
        PretrainTinyModel.Settings settings = PretrainTinyModel.Settings.defaults().withSteps(4)
                .withCorpus(new PretrainingCorpus.Settings(3L, 1, 50));
        Path output = directory.resolve("tiny");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        PretrainTinyModel.Summary summary = PretrainTinyModel.run(settings, output, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(summary.steps()).isEqualTo(4);
        assertThat(summary.tokens()).isPositive();
        assertThat(summary.finalTrainingLoss()).isBetween(0.0, 10.0);
        assertThat(summary.validationLoss()).isBetween(0.0, 10.0);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("step     4/4", "tokens/s", "eta", "checkpoint at");
        try (LanguageModel model = LanguageModel.load(output.toString(), ModelOptions.cpu())) {
            assertThat(model.config()).isEqualTo(settings.model());
        }
        assertThatThrownBy(() -> PretrainTinyModel.run(settings, output, new PrintStream(new ByteArrayOutputStream())))
                .as("a published checkpoint is never overwritten")
                .isInstanceOf(Exception.class);
    }

    @Test
    void aBpeVocabularyIsLearnedFromTheCorpusAndShippedWithTheCheckpoint(@TempDir Path directory) throws Exception {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();
        PretrainTinyModel.Settings settings = PretrainTinyModel.Settings.defaults().withSteps(2)
                .withCorpus(new PretrainingCorpus.Settings(3L, 1, 50)).withBpeVocabulary(300);
        Path output = directory.resolve("tiny-bpe");

        PretrainTinyModel.run(settings, output, new PrintStream(new ByteArrayOutputStream()));

        assertThat(settings.model().vocabSize()).isEqualTo(300 + SpecialToken.values().length);
        try (LanguageModel model = LanguageModel.load(output.toString(), ModelOptions.cpu())) {
            assertThat(model.config()).isEqualTo(settings.model());
            String program = "def add(a, b):\n    return a + b\n";
            assertThat(model.tokenizer().encode(program).length).as("merges make programs shorter than their bytes")
                    .isLessThan(program.length());
            assertThat(model.tokenizer().decode(model.tokenizer().encode(program))).isEqualTo(program);
            assertThat(model.tokenizer().id(SpecialToken.PAD)).isLessThan(settings.model().vocabSize());
        }
        assertThatThrownBy(() -> PretrainTinyModel.Settings.defaults().withBpeVocabulary(200))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShapeCanBeChangedWithoutTouchingTheVocabularyOrTheDefaults(@TempDir Path directory) throws Exception {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();
        PretrainTinyModel.Settings defaults = PretrainTinyModel.Settings.defaults();
        assertThat(defaults.model().hiddenSize()).as("the shipped shape").isEqualTo(128);
        assertThat(defaults.model().numLayers()).isEqualTo(4);
        PretrainTinyModel.Settings settings = defaults.withSteps(2).withCorpus(new PretrainingCorpus.Settings(3L, 1, 50))
                .withBpeVocabulary(300).withShape(64, 2, 2, 96);
        Path output = directory.resolve("tiny-shaped");

        PretrainTinyModel.run(settings, output, new PrintStream(new ByteArrayOutputStream()));

        assertThat(settings.model().vocabSize()).isEqualTo(300 + SpecialToken.values().length);
        try (LanguageModel model = LanguageModel.load(output.toString(), ModelOptions.cpu())) {
            assertThat(model.config()).isEqualTo(settings.model());
            assertThat(model.config().hiddenSize()).isEqualTo(64);
            assertThat(model.config().numLayers()).isEqualTo(2);
            assertThat(model.config().numHeads()).isEqualTo(2);
            assertThat(model.config().numKvHeads()).isEqualTo(2);
            assertThat(model.config().intermediateSize()).isEqualTo(96);
        }
        assertThatThrownBy(() -> defaults.withShape(100, 4, 3, 352)).isInstanceOf(IllegalArgumentException.class);
    }
}
