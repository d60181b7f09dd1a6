package dev.leti.trainer.training;

import dev.leti.contracts.training.TrainingResult;
import dev.leti.model.training.ProcessMemory;
import dev.leti.model.training.StepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The trainer's meters, registered at startup so they are scraped before any job. */
@Component
class TrainerMetrics {

    private final AtomicLong lossMicros = new AtomicLong();
    private final AtomicLong tokensPerSecondMilli = new AtomicLong();
    private final Counter tokens;
    private final Timer stepDuration;
    private final Map<TrainingResult.Status, Counter> jobs = new EnumMap<>(TrainingResult.Status.class);

    TrainerMetrics(MeterRegistry registry) {
        Gauge.builder("leti.training.loss", lossMicros, value -> value.get() / 1e6)
                .description("Mean LeTI training loss of the last reporting window").register(registry);
        Gauge.builder("leti.training.tokens.per.second", tokensPerSecondMilli, value -> value.get() / 1000.0)
                .description("Training throughput of the last reporting window").register(registry);
        Gauge.builder("leti.training.memory.rss", ProcessMemory::residentBytes).baseUnit("bytes")
                .description("Resident memory of the trainer, native tensors included").register(registry);
        tokens = Counter.builder("leti.training.tokens").description("Target tokens trained on").register(registry);
        stepDuration = Timer.builder("leti.training.step.duration").description("Optimizer step time").register(registry);
        for (TrainingResult.Status status : TrainingResult.Status.values()) {
            jobs.put(status, Counter.builder("leti.training.jobs").tag("status", status.name().toLowerCase())
                    .description("Training jobs ended").register(registry));
        }
    }

    void step(StepResult step) {
        tokens.increment(step.targetTokens());
        stepDuration.record(step.elapsed());
    }

    void window(double loss, double tokensPerSecond) {
        lossMicros.set(Math.round(loss * 1e6));
        tokensPerSecondMilli.set(Math.round(tokensPerSecond * 1000));
    }

    void jobEnded(TrainingResult.Status status) {
        jobs.get(status).increment();
    }
}
