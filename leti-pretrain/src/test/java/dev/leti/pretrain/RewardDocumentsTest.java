package dev.leti.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.pretrain.corpus.PretrainingCorpus.RewardTask;
import dev.leti.pretrain.corpus.PretrainingCorpus;
import dev.leti.pretrain.corpus.PythonBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reward-format pre-training documents: good ones verbatim, bad ones with a real interpreter error. */
class RewardDocumentsTest {

    private static final String PROGRAM = "def sum_small(arr):\n    return sum(x * 2 for x in arr if x < 5)\n";

    @Test
    void aCorruptionChangesTheFunction() {
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            String corrupted = RewardDocuments.corrupt(PROGRAM, random);
            assertThat(corrupted).isNotEqualTo(PROGRAM);
        }
    }

    @Test
    void goodDocumentsAreTheTaskAndBadOnesCarryTheRealError() {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();
        List<RewardTask> tasks = PretrainingCorpus.rewardTasks(7L, 1).subList(0, 40);
        List<String> documents = RewardDocuments.of(tasks, 5L);

        assertThat(documents).contains(SpecialToken.GOOD.text() + tasks.get(0).prompt() + tasks.get(0).program());
        assertThat(tasks.get(0).asserts()).hasSize(3);
        List<String> bad = documents.stream().filter(d -> d.startsWith(SpecialToken.BAD.text())).toList();
        assertThat(documents.size() - bad.size()).isEqualTo(tasks.size());
        assertThat(bad).as("most corruptions fail their asserts").hasSizeGreaterThan(tasks.size() / 2);
        assertThat(bad).anyMatch(d -> d.startsWith(SpecialToken.BAD.text() + SpecialToken.LANG_FEEDBACK.text()))
                .anyMatch(d -> !d.contains(SpecialToken.LANG_FEEDBACK.text()));
        assertThat(bad.stream().filter(d -> d.contains(SpecialToken.LANG_FEEDBACK.text())))
                .allMatch(d -> d.matches("(?s).*<\\|lang_feedback\\|>\\w*(Error|timeout).*<\\|/lang_feedback\\|>.*"));
        assertThat(RewardDocuments.of(tasks, 5L)).as("deterministic").isEqualTo(documents);
    }
}
