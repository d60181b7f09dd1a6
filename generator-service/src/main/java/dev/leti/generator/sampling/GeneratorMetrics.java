package dev.leti.generator.sampling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The generator's meters, registered at startup so they are scraped before any work. */
@Component
class GeneratorMetrics {

    private final Counter tokens;
    private final Counter samples;
    private final AtomicLong tokensPerSecondMilli = new AtomicLong();
    private final DistributionSummary batchFill;

    GeneratorMetrics(MeterRegistry registry, GenerationQueue queue) {
        tokens = Counter.builder("leti.generation.tokens").description("Tokens generated").register(registry);
        samples = Counter.builder("leti.generation.samples").description("Samples published").register(registry);
        Gauge.builder("leti.generation.tokens.per.second", tokensPerSecondMilli, value -> value.get() / 1000.0)
                .description("Generation throughput of the last batch").register(registry);
        batchFill = DistributionSummary.builder("leti.generation.batch.fill")
                .description("Busy sequence slots per decoding step, as a fraction of the batch size")
                .maximumExpectedValue(1.0).register(registry);
        Gauge.builder("leti.generation.queue.depth", queue, GenerationQueue::depth)
                .description("Samples waiting for a batch slot").register(registry);
    }

    void sampleFinished(int generatedTokens) {
        samples.increment();
        tokens.increment(generatedTokens);
    }

    void batchFinished(long generatedTokens, long nanos, double meanFill) {
        if (nanos > 0) {
            tokensPerSecondMilli.set(Math.round(generatedTokens * 1e12 / nanos));
        }
        batchFill.record(meanFill);
    }
}
