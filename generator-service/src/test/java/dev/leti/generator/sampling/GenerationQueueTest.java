package dev.leti.generator.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.contracts.generation.SamplingSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GenerationQueueTest {

    static final ExecutionTask TASK = new ExecutionTask(ProblemFormat.MBPP, "", "assert True", "", "", null);

    final GenerationQueue queue = new GenerationQueue();

    @Test
    void batchesMixRequestsOfOneCheckpointUpToTheBatchSizeInArrivalOrder() throws Exception {
        GenerationRequest first = request("builtin:a", 3);
        GenerationRequest other = request("builtin:b", 2);
        GenerationRequest second = request("builtin:a", 3);
        queue.submit(first);
        queue.submit(other);
        queue.submit(second);

        List<SampleTask> batch = queue.awaitBatch(4, Duration.ZERO, Duration.ZERO);

        assertThat(batch).extracting(task -> task.request().requestId())
                .containsExactly(first.requestId(), first.requestId(), first.requestId(), second.requestId());
        assertThat(queue.awaitBatch(4, Duration.ZERO, Duration.ZERO)).extracting(SampleTask::checkpointUri)
                .containsExactly("builtin:b", "builtin:b");
        assertThat(queue.awaitBatch(4, Duration.ZERO, Duration.ZERO)).hasSize(2);
        assertThat(queue.awaitBatch(4, Duration.ZERO, Duration.ZERO)).isEmpty();
    }

    @Test
    void aRedeliveredRequestStillBeingServedIsNotQueuedTwice() {
        GenerationRequest request = request("builtin:a", 2);

        assertThat(queue.submit(request)).isTrue();
        assertThat(queue.submit(request)).isFalse();
        assertThat(queue.depth()).isEqualTo(2);
    }

    @Test
    void aRequestIsDoneWithItsLastSample() throws Exception {
        GenerationRequest request = request("builtin:a", 2);
        queue.submit(request);
        List<SampleTask> batch = queue.awaitBatch(8, Duration.ZERO, Duration.ZERO);

        assertThat(queue.completed(batch.get(0))).isFalse();
        assertThat(queue.completed(batch.get(1))).isTrue();
        assertThat(queue.submit(request)).as("served, so a later redelivery is served again").isTrue();
    }

    @Test
    void abandoningARequestDropsItsWaitingSamples() {
        GenerationRequest failed = request("artifact:missing", 3);
        GenerationRequest kept = request("builtin:a", 1);
        queue.submit(failed);
        queue.submit(kept);

        assertThat(queue.abandon(failed.requestId())).isTrue();
        assertThat(queue.abandon(failed.requestId())).isFalse();
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void eachSampleHasItsOwnSeed() throws Exception {
        queue.submit(request("builtin:a", 3));

        assertThat(queue.awaitBatch(8, Duration.ZERO, Duration.ZERO)).extracting(SampleTask::seed).doesNotHaveDuplicates();
    }

    static GenerationRequest request(String checkpoint, int samples) {
        return new GenerationRequest(UUID.randomUUID(), UUID.randomUUID(), 0, SamplePurpose.TRAIN, checkpoint,
                RewardToken.NONE, new SamplingSettings(1.0, 1.0, 0, 8, 1L), List.of(),
                List.of(new ProblemToSample("p", "prompt", samples, TASK)));
    }
}
