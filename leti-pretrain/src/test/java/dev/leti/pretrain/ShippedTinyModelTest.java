package dev.leti.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.pretrain.corpus.PythonBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoint shipped as {@code builtin:leti-tiny} is the pre-training command's and writes Python. */
class ShippedTinyModelTest {

    private static final Path TEST_PROBLEMS = Path.of(
            "../orchestrator-service/src/main/resources/dev/leti/orchestrator/dataset/builtin/leti-tiny/test.jsonl");

    @Test
    void hasTheCommandsSizesAndMostlyWritesProgramsThatParse() throws Exception {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();
        assumeThat(TEST_PROBLEMS).exists();
        List<BaseModelEvaluation.Problem> problems = BaseModelEvaluation.read(TEST_PROBLEMS).subList(0, 12);

        try (LanguageModel model = LanguageModel.load("builtin:leti-tiny", ModelOptions.cpu())) {
            assertThat(model.config()).isEqualTo(PretrainTinyModel.Settings.defaults().model());
            BaseModelEvaluation.Score greedy = BaseModelEvaluation.score("test", model, problems, 1, 0.0, new int[] {1});

            assertThat(greedy.parseRate()).as("share of greedy programs that parse").isGreaterThanOrEqualTo(0.75);
        }
    }
}
