package dev.leti.orchestrator;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.Outcome;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The orchestrator's domain meters, registered at startup so that {@code /actuator/prometheus}
 * lists them before any run exists (the per-run gauges appear with their run).
 */
@Component
public class OrchestratorMetrics {

    private static final String NO_EXCEPTION = "none";

    /** A gauge's current value; the registry holds only a weak reference to it, this class the strong one. */
    private static final class GaugeValue {
        private volatile double value;

        double get() {
            return value;
        }

        void set(double value) {
            this.value = value;
        }
    }

    private final MeterRegistry registry;
    private final AtomicInteger activeRuns = new AtomicInteger();
    private final Map<Tags, GaugeValue> gauges = new ConcurrentHashMap<>();

    OrchestratorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("leti.runs.active", activeRuns, AtomicInteger::get)
                .description("runs in state RUNNING").register(registry);
        for (RunState state : RunState.values()) {
            if (state.terminal()) {
                runs(state);
            }
        }
        iterations();
        for (SamplePurpose purpose : SamplePurpose.values()) {
            samples(purpose);
        }
        for (Outcome outcome : Outcome.values()) {
            outcomes(outcome, null);
        }
        for (Stage stage : Stage.values()) {
            stageTimer(stage);
        }
    }

    public void activeRuns(int count) {
        activeRuns.set(count);
    }

    public void runFinished(RunState state) {
        runs(state).increment();
    }

    public void iterationCompleted() {
        iterations().increment();
    }

    public void sampleRecorded(SamplePurpose purpose) {
        samples(purpose).increment();
    }

    public void executionRecorded(Outcome outcome, String exceptionType) {
        outcomes(outcome, exceptionType).increment();
    }

    public void stageFinished(Stage stage, Duration duration) {
        stageTimer(stage).record(duration);
    }

    public void passAtK(UUID run, int iteration, String split, int k, double value) {
        gauge("leti.evaluation.pass_at_k", Tags.of("run", run.toString(), "iteration", String.valueOf(iteration),
                "split", split, "k", String.valueOf(k))).set(value);
    }

    public void progress(UUID run, Stage stage, double fraction) {
        gauge("leti.iteration.progress", Tags.of("run", run.toString(), "stage", stage.name())).set(fraction);
    }

    private GaugeValue gauge(String name, Tags tags) {
        return gauges.computeIfAbsent(tags.and("name", name), key -> {
            GaugeValue value = new GaugeValue();
            Gauge.builder(name, value, GaugeValue::get).tags(tags).register(registry);
            return value;
        });
    }

    private Counter runs(RunState state) {
        return Counter.builder("leti.runs").description("runs that reached a terminal state")
                .tag("state", state.name()).register(registry);
    }

    private Counter iterations() {
        return Counter.builder("leti.iterations.completed").register(registry);
    }

    private Counter samples(SamplePurpose purpose) {
        return Counter.builder("leti.samples.recorded").tag("purpose", purpose.name()).register(registry);
    }

    private Counter outcomes(Outcome outcome, String exceptionType) {
        return Counter.builder("leti.execution.outcomes").tag("outcome", outcome.name())
                .tag("exception_type", exceptionType == null || exceptionType.isBlank() ? NO_EXCEPTION : exceptionType)
                .register(registry);
    }

    private Timer stageTimer(Stage stage) {
        return Timer.builder("leti.stage.duration").tag("stage", stage.name()).register(registry);
    }
}
