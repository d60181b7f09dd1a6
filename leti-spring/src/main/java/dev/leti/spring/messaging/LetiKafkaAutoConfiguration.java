package dev.leti.spring.messaging;

import dev.leti.contracts.LetiTopics;
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
 * keeps consuming. Keys stay Spring Boot's default strings.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaOperations.class)
@EnableConfigurationProperties(LetiKafkaProperties.class)
public class LetiKafkaAutoConfiguration {

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
        return new DefaultErrorHandler(recoverer,
                new FixedBackOff(properties.retryBackoff().toMillis(), properties.retries()));
    }
}
