package dev.leti.pretrain.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.config.ModelJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The corpus slice shipped beside {@code builtin:leti-tiny} (the trainer's regularisation text) is
 * what the generator makes: a change to the generator must come with the regenerated file.
 */
class ShippedPretrainingCorpusTest {

    @Test
    void isTheGeneratorsRegularisationSlice() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (String document : PretrainingCorpus.documents(PretrainingCorpus.Settings.regularisation())) {
            expected.append(ModelJson.mapper().writeValueAsString(Map.of("text", document))).append('\n');
        }
        String shipped;
        try (InputStream in = Checkpoints.builtinPretrainingCorpus("leti-tiny")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path regenerated = Path.of("target", "leti-tiny" + Checkpoints.PRETRAINING_CORPUS_SUFFIX);
        if (!shipped.contentEquals(expected)) {
            Files.writeString(regenerated, expected);
        }
        assertThat(shipped).as("leti-model's leti-tiny%s differs from the generator's; copy %s over it",
                Checkpoints.PRETRAINING_CORPUS_SUFFIX, regenerated.toAbsolutePath()).isEqualTo(expected.toString());
        assertThat(List.of(shipped.split("\n"))).hasSizeGreaterThan(1000);
    }
}
