package dev.leti.contracts.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import org.junit.jupiter.api.Test;

class ExecutionLimitsTest {

    private static final ExecutionLimits MAXIMA = new ExecutionLimits(60_000, 2L << 30, 128);

    @Test
    void namesEveryLimitAboveTheMaximaAndNoOther() {
        assertThat(ExecutionLimits.DEFAULT.exceeding(MAXIMA)).isEmpty();
        assertThat(MAXIMA.exceeding(MAXIMA)).isEmpty();
        assertThat(new ExecutionLimits(60_001, 2L << 30, 129).exceeding(MAXIMA))
                .containsOnlyKeys("timeoutMillis", "maxProcesses")
                .containsEntry("maxProcesses", "must be at most 128 (the server's maximum)");
    }

    @Test
    void aTaskAboveTheMaximaIsLoweredToThemAndKeepsTheRest() {
        ExecutionTask task = new ExecutionTask(ProblemFormat.MBPP, "", "assert True", "", "",
                new ExecutionLimits(5_000, 8L << 30, 4096));

        ExecutionTask capped = task.cappedAt(MAXIMA);

        assertThat(capped.limits()).isEqualTo(new ExecutionLimits(5_000, 2L << 30, 128));
        assertThat(capped.tests()).isEqualTo("assert True");
        assertThat(capped.format()).isEqualTo(ProblemFormat.MBPP);
    }
}
