package dev.leti.generator.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.generation.GenerationRequest;
import org.junit.jupiter.api.Test;

class SampleTaskTest {

    @Test
    void twoRequestsWithTheSameSeedSampleTheSameProgramsThoughTheirIdsDiffer() {
        GenerationRequest one = GenerationQueueTest.request("builtin:leti-tiny", 2);
        GenerationRequest other = GenerationQueueTest.request("builtin:leti-tiny", 2);
        SampleTask first = new SampleTask(one, one.problems().get(0), 0);
        SampleTask same = new SampleTask(other, other.problems().get(0), 0);

        assertThat(same.sampleId()).isNotEqualTo(first.sampleId());
        assertThat(same.seed()).isEqualTo(first.seed());
        assertThat(new SampleTask(one, one.problems().get(0), 1).seed()).isNotEqualTo(first.seed());
    }
}
