package dev.leti.generator.sampling;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.leti.generator.GeneratorProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class IntakeControlTest {

    final GenerationQueue queue = new GenerationQueue();
    final KafkaListenerEndpointRegistry registry = mock(KafkaListenerEndpointRegistry.class);
    final MessageListenerContainer container = mock(MessageListenerContainer.class);
    final IntakeControl intake = new IntakeControl(queue, registry, new GeneratorProperties(4, 8, 1, Duration.ZERO));

    @Test
    void pausesIntakeWhenTheQueueIsFullAndResumesWhenItHasDrainedToHalf() throws Exception {
        when(registry.getListenerContainer(GenerationRequestListener.LISTENER_ID)).thenReturn(container);
        queue.submit(GenerationQueueTest.request("builtin:a", 10));

        intake.adjust();
        verify(container).pause();

        when(container.isPauseRequested()).thenReturn(true);
        queue.awaitBatch(4, Duration.ZERO, Duration.ZERO);
        intake.adjust();
        verify(container, never()).resume();

        queue.awaitBatch(4, Duration.ZERO, Duration.ZERO);
        intake.adjust();
        verify(container).resume();
    }
}
