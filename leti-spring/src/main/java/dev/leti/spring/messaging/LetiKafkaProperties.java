package dev.leti.spring.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka settings every service shares ({@code leti.kafka.*}).
 *
 * @param partitions        partitions of each topic; bounds how many consumers of a group work at once
 * @param replicationFactor replicas of each topic (1 on one machine)
 * @param retryBackoff      pause before a failed record is retried
 * @param retries           retries of a failed record before it goes to the dead-letter topic
 * @param followCancellations whether this service reads run cancellations and drops the cancelled runs'
 *                          work (every worker; the orchestrator, which sends them, does not)
 */
@ConfigurationProperties("leti.kafka")
public record LetiKafkaProperties(Integer partitions, Short replicationFactor, Duration retryBackoff, Integer retries,
                                  Boolean followCancellations) {

    public LetiKafkaProperties {
        partitions = partitions == null ? 8 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(1) : retryBackoff;
        retries = retries == null ? 2 : retries;
        followCancellations = followCancellations == null || followCancellations;
    }
}
