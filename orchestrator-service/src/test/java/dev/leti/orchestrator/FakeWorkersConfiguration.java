package dev.leti.orchestrator;

import dev.leti.spring.artifact.ArtifactStore;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

@TestConfiguration(proxyBeanMethods = false)
public class FakeWorkersConfiguration {

    @Bean
    FakeWorkers fakeWorkers(KafkaTemplate<Object, Object> kafka, ArtifactStore artifacts) {
        return new FakeWorkers(kafka, artifacts);
    }
}
