package dev.leti.generator;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Generator settings ({@code leti.generator.*}).
 *
 * @param batchSize        sequences sampled together, across requests, to keep the device full
 * @param maxQueuedSamples samples waiting for a batch slot; above it the request listener is
 *                         paused until the queue has drained to half, so a lagging pipeline
 *                         slows intake instead of growing the heap
 * @param cachedModels     checkpoints kept loaded (least recently used is closed first)
 * @param batchLinger      how long a batch that is not full waits for more work before it starts
 */
@Validated
@ConfigurationProperties("leti.generator")
public record GeneratorProperties(@Min(1) int batchSize, @Min(1) int maxQueuedSamples, @Min(1) int cachedModels,
        @NotNull Duration batchLinger) {
}
