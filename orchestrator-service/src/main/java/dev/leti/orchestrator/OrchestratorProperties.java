package dev.leti.orchestrator;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the orchestrator drives runs ({@code leti.orchestrator.*}).
 *
 * @param tickInterval         how often active runs are checked for a finished or stalled stage
 * @param stageTimeout         a sampling stage with no new sample or result for this long is retried
 * @param trainingTimeout      a training job with no progress report for this long is retried
 * @param maxAttempts          attempts of a generation request or training job before the run fails
 * @param retryBackoff         pause before a request the generator reported as failed is sent again
 * @param problemsPerRequest   problems per generation request (small batches stream well)
 * @param relayInterval        how often the outbox relay publishes pending messages
 * @param relayBatchSize       outbox rows published per relay pass
 */
@Validated
@ConfigurationProperties("leti.orchestrator")
public record OrchestratorProperties(
        @NotNull @DefaultValue("500ms") Duration tickInterval,
        @NotNull @DefaultValue("10m") Duration stageTimeout,
        @NotNull @DefaultValue("30m") Duration trainingTimeout,
        @Min(1) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("5s") Duration retryBackoff,
        @Min(1) @DefaultValue("4") int problemsPerRequest,
        @NotNull @DefaultValue("200ms") Duration relayInterval,
        @Min(1) @DefaultValue("100") int relayBatchSize) {
}
