package dev.leti.orchestrator.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.FeedbackMode;
import dev.leti.orchestrator.RepositoryTest;
import dev.leti.orchestrator.comparison.ComparisonRepository.ComparisonRecord;
import dev.leti.orchestrator.run.RunSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A comparison's row: its spec as given, read back whole. */
class ComparisonRepositoryTest extends RepositoryTest {

    @Autowired
    ComparisonRepository comparisons;

    @Test
    void aComparisonIsReadBackWithItsSpec() {
        UUID id = UUID.randomUUID();
        RunSpec spec = RunSpec.EMPTY.withDefaults().withFeedbackMode(FeedbackMode.BINARY);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);

        comparisons.insert(id, spec, created);

        assertThat(comparisons.find(id)).contains(new ComparisonRecord(id, created, spec));
        assertThat(comparisons.find(UUID.randomUUID())).isEmpty();
    }
}
