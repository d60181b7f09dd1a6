package dev.leti.spring.messaging;

import dev.leti.contracts.LetiTopics;
import dev.leti.spring.database.DatabaseOutage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka wiring every service shares, so that no service repeats it: the suite's
 * topics and their dead-letter twins, JSON values with logical type ids, a deserializer
 * that never loops on a poison record, and an error handler that retries a failing record
 * a bounded number of times and then parks it on {@code <topic>.dlt} while the listener
 * keeps consuming (a record that failed because the database was away is retried for minutes
 * instead, see {@link DatabaseOutage}). Keys stay Spring Boot's default strings.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaOperations.class)
@EnableConfigurationProperties(LetiKafkaProperties.class)
public class LetiKafkaAutoConfiguration {

    /** How long a record whose handling found the database away is retried: every 2 s for 3 minutes. */
    static final FixedBackOff DATABASE_OUTAGE_BACKOFF = new FixedBackOff(2_000, 90);

    @Bean
    KafkaAdmin.NewTopics letiTopics(LetiKafkaProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : LetiTopics.ALL) {
            topics.add(TopicBuilder.name(topic).partitions(properties.partitions())
                    .replicas(properties.replicationFactor()).build());
            topics.add(TopicBuilder.name(LetiTopics.deadLetter(topic)).partitions(1)
                    .replicas(properties.replicationFactor()).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaProducerFactoryCustomizer letiProducerSerdes() {
        return factory -> {
            var typed = (DefaultKafkaProducerFactory<Object, Object>) factory;
            typed.setValueSerializer(new LetiMessageSerializer());
        };
    }

    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaConsumerFactoryCustomizer letiConsumerSerdes() {
        return factory -> {
            var typed = (DefaultKafkaConsumerFactory<Object, Object>) factory;
            typed.setValueDeserializer(new ErrorHandlingDeserializer<>(new LetiMessageDeserializer()));
        };
    }

    /** Every worker follows cancellations; the orchestrator, which sends them, turns this off. */
    @Bean
    @ConditionalOnProperty(prefix = "leti.kafka", name = "follow-cancellations", havingValue = "true", matchIfMissing = true)
    CancelledRuns cancelledRuns(ObjectProvider<RunCancellationListener> listeners) {
        return new CancelledRuns(listeners);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler letiErrorHandler(KafkaOperations<Object, Object> template, LetiKafkaProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(LetiTopics.deadLetter(record.topic()), -1));
        var handler = new DefaultErrorHandler(recoverer,
                new FixedBackOff(properties.retryBackoff().toMillis(), properties.retries()));
        // A database that is down or restarting is no poison record: retry until it is back.
        handler.setBackOffFunction((record, failure) -> DatabaseOutage.causedBy(failure) ? DATABASE_OUTAGE_BACKOFF : null);
        return handler;
    }
}
