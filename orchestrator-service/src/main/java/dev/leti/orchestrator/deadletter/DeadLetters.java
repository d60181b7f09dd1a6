package dev.leti.orchestrator.deadletter;

import dev.leti.contracts.LetiTopics;
import dev.leti.orchestrator.run.InvalidInputException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Service;

/**
 * The dead-letter topics: how many records wait in each ({@code leti.dead.letters{topic}}, the
 * records not yet replayed) and their replay after a fix. A replay copies the waiting records,
 * bytes and headers as they were (less the failure headers the dead-letter publisher added), back
 * onto the topic they came from, in the consumer group {@value #REPLAY_GROUP}, whose committed
 * offsets mark what was replayed: each record goes back once.
 */
@Service
public class DeadLetters {

    /** The consumer group whose offsets on a dead-letter topic mark the records already replayed. */
    public static final String REPLAY_GROUP = "leti-dead-letter-replay";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Scrapes within this long of the last count reuse it (one broker round trip per interval). */
    private static final Duration GAUGE_FRESHNESS = Duration.ofSeconds(10);

    private final KafkaProperties kafka;
    private Map<String, Long> lastCount = Map.of();
    private long lastCountedAt;

    DeadLetters(KafkaProperties kafka, MeterRegistry meters) {
        this.kafka = kafka;
        for (String topic : LetiTopics.ALL) {
            Gauge.builder("leti.dead.letters", () -> recentCount().getOrDefault(topic, -1L).doubleValue())
                    .description("records on a topic's dead-letter topic not yet replayed (-1: the broker did not answer)")
                    .tag("topic", topic).register(meters);
        }
    }

    /** Records waiting per topic (on its dead-letter twin), for every topic of the suite. */
    public Map<String, Long> waiting() {
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            Map<TopicPartition, OffsetAndMetadata> replayed = admin.listConsumerGroupOffsets(REPLAY_GROUP)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> waiting = new HashMap<>();
            for (String topic : LetiTopics.ALL) {
                waiting.put(topic, endOffsets(admin, LetiTopics.deadLetter(topic)).entrySet().stream().mapToLong(e -> {
                    OffsetAndMetadata done = replayed.get(e.getKey());
                    return e.getValue() - (done == null ? 0 : done.offset());
                }).sum());
            }
            return waiting;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the dead-letter topics' offsets: " + e.getMessage(), e);
        }
    }

    private synchronized Map<String, Long> recentCount() {
        if (System.nanoTime() - lastCountedAt > GAUGE_FRESHNESS.toNanos()) {
            try {
                lastCount = waiting();
            } catch (RuntimeException e) {
                log.debug("dead-letter count failed: {}", e.getMessage());
                lastCount = Map.of();
            }
            lastCountedAt = System.nanoTime();
        }
        return lastCount;
    }

    /**
     * Publishes the records waiting on {@code topic}'s dead-letter topic to {@code topic} again.
     *
     * @return how many were replayed
     */
    public int replay(String topic) {
        if (!LetiTopics.ALL.contains(topic)) {
            throw new InvalidInputException("topic", "not a topic of the suite: " + topic + "; one of " + LetiTopics.ALL);
        }
        String deadLetters = LetiTopics.deadLetter(topic);
        Map<TopicPartition, Long> end = endOffsets(deadLetters);
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.buildProducerProperties(),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.assign(end.keySet());
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(end.keySet(), TIMEOUT);
            for (TopicPartition partition : end.keySet()) {
                OffsetAndMetadata from = committed.get(partition);
                if (from == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, from.offset());
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos() * 3;
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(topic, null, record.key(), record.value());
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith("kafka_dlt-")) {
                            again.headers().add(header);
                        }
                    }
                    producer.send(again).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    replayed++;
                }
            }
            consumer.commitSync(end.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> new OffsetAndMetadata(Math.min(e.getValue(), consumer.position(e.getKey()))))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay of " + deadLetters + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("replay of " + deadLetters + " failed: " + e.getMessage(), e);
        }
        log.info("Replayed {} record(s) from {} to {}", replayed, deadLetters, topic);
        return replayed;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            return endOffsets(admin, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Collection<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic).partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> end.put(partition, info.offset()));
        return end;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> properties = kafka.buildConsumerProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
