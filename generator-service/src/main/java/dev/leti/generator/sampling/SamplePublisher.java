package dev.leti.generator.sampling;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes each sample as soon as it is finished (key: sample id) and failed requests (key: run id). */
@Component
class SamplePublisher {

    private static final Logger log = LoggerFactory.getLogger(SamplePublisher.class);

    private final KafkaTemplate<String, Object> kafka;

    SamplePublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    void sample(GeneratedSample sample) {
        kafka.send(LetiTopics.SAMPLES, sample.sampleId().toString(), sample).whenComplete((result, error) -> {
            if (error != null) {
                log.error("Could not publish sample {} of request {}", sample.sampleId(), sample.requestId(), error);
            }
        });
    }

    void failure(GenerationFailed failure) {
        kafka.send(LetiTopics.GENERATION_FAILURES, failure.runId().toString(), failure);
    }

    /** Blocks until everything sent so far has reached the broker (or failed, which is logged). */
    void flush() {
        kafka.flush();
    }
}
