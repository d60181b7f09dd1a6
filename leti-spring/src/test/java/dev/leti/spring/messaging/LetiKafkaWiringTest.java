package dev.leti.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.generation.GenerationFailed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The shared wiring over a real broker: a message a service publishes is read back as the
 * same record, with its logical type id in the header; a poison record is parked on the
 * dead-letter topic with its original bytes, and the listener goes on consuming.
 */
@SpringBootTest(classes = LetiKafkaWiringTest.App.class, properties = {
        // Spring MVC is on this module's test class path (for the API security): this test needs no web server.
        "spring.main.web-application-type=none",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.consumer.group-id=wiring-test",
        "spring.kafka.consumer.auto-offset-reset=earliest",
        "leti.kafka.partitions=1",
        "leti.kafka.retry-backoff=10ms",
        "leti.kafka.retries=1"})
@EmbeddedKafka
class LetiKafkaWiringTest {

    @Autowired
    KafkaTemplate<String, Object> template;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    App app;

    @Test
    void poisonRecordGoesToDeadLetterTopicAndConsumptionContinues() throws Exception {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        var valid = new GenerationFailed(UUID.randomUUID(), UUID.randomUUID(), 2, "checkpoint missing",
                Instant.parse("2026-11-24T12:00:00Z"));

        template.send(new ProducerRecord<>(LetiTopics.GENERATION_FAILURES, "k", poison)).get();
        template.send(LetiTopics.GENERATION_FAILURES, "k", valid).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> app.received.contains(valid));
        try (Consumer<String, byte[]> dlt = deadLetterConsumer()) {
            ConsumerRecord<String, byte[]> parked = KafkaTestUtils.getSingleRecord(dlt,
                    LetiTopics.deadLetter(LetiTopics.GENERATION_FAILURES), Duration.ofSeconds(30));
            assertThat(parked.value()).isEqualTo(poison);
            assertThat(parked.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        }
        assertThat(app.received).doesNotContainNull().containsOnlyOnce(valid);
    }

    @Test
    void valueCarriesLogicalTypeIdNotClassName() throws Exception {
        var message = new GenerationFailed(UUID.randomUUID(), UUID.randomUUID(), 0, "x", Instant.EPOCH);
        var sent = template.send(LetiTopics.GENERATION_FAILURES, "typed", message).get();

        assertThat(sent.getProducerRecord().headers().lastHeader(LetiMessageSerializer.TYPE_HEADER).value())
                .asString(StandardCharsets.UTF_8).isEqualTo("generation-failed");
    }

    private Consumer<String, byte[]> deadLetterConsumer() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlt-reader", false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props,
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer();
        consumer.subscribe(List.of(LetiTopics.deadLetter(LetiTopics.GENERATION_FAILURES)));
        return consumer;
    }

    @Configuration
    @EnableAutoConfiguration
    static class App {

        final List<GenerationFailed> received = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = LetiTopics.GENERATION_FAILURES)
        void on(GenerationFailed message) {
            received.add(message);
        }
    }
}
