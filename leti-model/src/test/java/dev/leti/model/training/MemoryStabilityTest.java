package dev.leti.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resident memory stays flat over 2,000 training steps (each step's tensors are freed). */
@Tag("slow")
class MemoryStabilityTest {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryStabilityTest.class);
    /**
     * Steps before the baseline, while the JVM heap settles. Batches keep one shape (one row is
     * always full length, the others vary under padding): with a new shape every step the
     * native allocator's arenas keep growing for over a thousand steps before they plateau
     * (measured: +110 MiB by step 1250, flat from there to step 2000), which would hide a leak.
     */
    private static final int WARM_UP = 300;
    private static final int STEPS = 2000;
    private static final long ALLOWED_GROWTH = 32L << 20;

    @Test
    void residentMemoryIsFlatOverTwoThousandSteps() {
        SplittableRandom random = new SplittableRandom(17);
        try (LanguageModel model = TestModels.random(TestModels.small(), 12);
                TrainingSession session = TrainingSession.start(model, new TrainingOptions(1e-3, 0.01, 0.9, 0.95, 1e-8,
                        10, WARM_UP + STEPS, LearningRateSchedule.COSINE, 1.0))) {
            long afterWarmUp = 0;
            List<Long> samples = new ArrayList<>();
            for (int step = 1; step <= WARM_UP + STEPS; step++) {
                List<int[]> sequences = new ArrayList<>();
                sequences.add(random.ints(64, 0, 256).toArray());
                for (int row = 1; row < 8; row++) {
                    sequences.add(random.ints(random.nextInt(16, 65), 0, 256).toArray());
                }
                session.step(TrainingBatch.of(sequences, 261, 64));
                if (step == WARM_UP) {
                    afterWarmUp = ProcessMemory.residentBytes();
                }
                if (step % 250 == 0) {
                    samples.add(ProcessMemory.residentBytes() >> 20);
                }
            }
            long end = ProcessMemory.residentBytes();
            LOG.info("RSS (MiB) every 250 steps: {}; growth over the {} steps after warm-up: {} MiB", samples, STEPS,
                    (end - afterWarmUp) >> 20);
            assertThat(end - afterWarmUp).isLessThan(ALLOWED_GROWTH);
        }
    }
}
