package dev.leti.generator.sampling;

import dev.leti.generator.GeneratorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Back-pressure: pauses the request listener while more than {@code max-queued-samples} samples
 * wait, and resumes it once the queue has drained to half. When the executor (or anything
 * downstream) lags, batches take longer to publish, the queue fills, and intake stops, so work
 * waits in Kafka rather than in this service's heap. A paused consumer keeps polling (and its
 * group membership); it just receives nothing.
 */
@Component
class IntakeControl {

    private static final Logger log = LoggerFactory.getLogger(IntakeControl.class);

    private final GenerationQueue queue;
    private final KafkaListenerEndpointRegistry registry;
    private final int highWater;

    IntakeControl(GenerationQueue queue, KafkaListenerEndpointRegistry registry, GeneratorProperties properties) {
        this.queue = queue;
        this.registry = registry;
        this.highWater = properties.maxQueuedSamples();
    }

    /** Pauses or resumes intake according to the queue's depth. */
    void adjust() {
        MessageListenerContainer container = registry.getListenerContainer(GenerationRequestListener.LISTENER_ID);
        if (container == null) {
            return;
        }
        int depth = queue.depth();
        if (depth >= highWater && !container.isPauseRequested()) {
            log.info("Pausing intake of generation requests: {} samples queued (limit {})", depth, highWater);
            container.pause();
        } else if (depth <= highWater / 2 && container.isPauseRequested()) {
            log.info("Resuming intake of generation requests: {} samples queued", depth);
            container.resume();
        }
    }
}
