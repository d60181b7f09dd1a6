package dev.leti.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import dev.leti.local.client.RunStatus;
import org.junit.jupiter.api.Test;

class StageBreakdownTest {

    @Test
    void outsideIsWhatIsNeitherSamplingNorTheTrainersOwnJob() {
        RunStatus.Iteration iteration = new RunStatus.Iteration(1, "DONE", "artifact:x", null, null, List.of(),
                null, null, 0,
                new RunStatus.Training("SUCCEEDED", 100, 10, 10, 2.0, 1.0, 1000L, 50_000L),
                Map.of("GENERATING", 100.0, "BUILDING_DATASET", 2.0, "TRAINING", 54.0, "EVALUATING", 44.0));

        StageBreakdown breakdown = StageBreakdown.of(iteration);

        assertThat(breakdown.wallSeconds()).isEqualTo(200.0);
        assertThat(breakdown.outside()).isCloseTo(6.0, within(1e-9));
        assertThat(breakdown.outsideShare()).isCloseTo(0.03, within(1e-9));
    }
}
