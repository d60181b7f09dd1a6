package dev.leti.executor.execution;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.spring.limits.ExecutionMaxima;
import dev.leti.spring.messaging.CancelledRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/** A cancelled run's samples are neither run nor answered. */
class SampleListenerTest {

    @Test
    @SuppressWarnings("unchecked")
    void aSampleOfACancelledRunIsSkipped() {
        ProgramExecutor executor = mock(ProgramExecutor.class);
        KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
        CancelledRuns cancelled = new CancelledRuns(mock(ObjectProvider.class));
        UUID run = UUID.randomUUID();
        cancelled.cancelled(run);
        UUID request = UUID.randomUUID();
        GeneratedSample sample = new GeneratedSample(GeneratedSample.idFor(request, "p", 0), request, run, 1,
                SamplePurpose.TRAIN, "p", 0, "builtin:leti-tiny", "prompt", "while True: pass\n", 3, 5,
                FinishReason.STOP, new ExecutionTask(ProblemFormat.MBPP, "", "assert True", "", "", null), Instant.now());

        ExecutionMaxima maxima = new ExecutionMaxima(Duration.ofSeconds(60), DataSize.ofGigabytes(2), 128,
                DataSize.ofKilobytes(64), DataSize.ofKilobytes(64));
        new SampleListener(executor, kafka, maxima, cancelled).onSample(sample);

        verifyNoInteractions(executor, kafka);
    }
}
