package dev.leti.generator.sampling;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.spring.messaging.CancelledRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Accepts generation requests into the {@link GenerationQueue}; the {@link SamplingWorker} does
 * the work. Accepting is cheap, so the listener never holds up the consumer's poll loop; when
 * the queue is full, {@link IntakeControl} pauses this listener instead. A request's offset is
 * committed when it is served, not when it is accepted ({@link RequestOffsets}).
 */
@Component
class GenerationRequestListener {

    static final String LISTENER_ID = "generation-requests";
    private static final Logger log = LoggerFactory.getLogger(GenerationRequestListener.class);

    private final GenerationQueue queue;
    private final IntakeControl intake;
    private final RequestOffsets offsets;
    private final CancelledRuns cancelled;

    GenerationRequestListener(GenerationQueue queue, IntakeControl intake, RequestOffsets offsets,
            CancelledRuns cancelled) {
        this.queue = queue;
        this.intake = intake;
        this.offsets = offsets;
        this.cancelled = cancelled;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = LetiTopics.GENERATION_REQUESTS)
    void onRequest(GenerationRequest request, Acknowledgment acknowledgment,
            @Header(KafkaHeaders.RECEIVED_PARTITION) int partition, @Header(KafkaHeaders.OFFSET) long offset) {
        // Tracked before the sampling worker can see the request, so its end always finds it here.
        offsets.received(request.requestId(), new RequestOffsets.Position(partition, offset), acknowledgment);
        if (cancelled.isCancelled(request.runId())) {
            log.info("Ignored generation request {}: run {} was cancelled", request.requestId(), request.runId());
            offsets.served(request.requestId());
        } else if (queue.submit(request)) {
            log.info("Accepted generation request {} (run {}, iteration {}): {} samples from {}",
                    request.requestId(), request.runId(), request.iteration(), request.totalSamples(),
                    request.checkpointUri());
        } else {
            log.info("Ignored redelivered generation request {}: it is still being served", request.requestId());
        }
        intake.adjust();
    }
}
