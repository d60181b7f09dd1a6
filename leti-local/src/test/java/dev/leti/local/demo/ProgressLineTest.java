package dev.leti.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.leti.local.client.RunStatus;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void showsIterationStageBarCountsAndElapsedTime() {
        RunStatus run = new RunStatus(null, "demo", null, "RUNNING", 1, "GENERATING",
                new RunStatus.Progress("GENERATING", 64, 256, 0.25), null,
                new RunStatus.Spec(3, 8, "TEXTUAL", "builtin:leti-tiny", null), List.of());

        assertThat(ProgressLine.render("", run, Duration.ofSeconds(83)))
                .isEqualTo(" iteration 1/3  GENERATING       [######..................]  25%  64/256 samples     1:23");
    }

    @Test
    void theBarIsFullAtTheEnd() {
        assertThat(ProgressLine.bar(1.0)).isEqualTo("[" + "#".repeat(24) + "]");
        assertThat(ProgressLine.bar(0.0)).isEqualTo("[" + ".".repeat(24) + "]");
    }
}
