package dev.leti.executor.execution;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.spring.limits.ExecutionMaxima;
import dev.leti.spring.messaging.CancelledRuns;
import java.time.Clock;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Executes every sample the generator publishes and publishes its result, keyed by sample id.
 * One listener thread per sandbox worker; a thread blocks while its program runs, so the
 * consumer stops fetching when every sandbox is busy (back-pressure, no in-memory backlog).
 * The result is sent before the offset is committed: a crash redelivers the sample, and the
 * orchestrator deduplicates on the sample id. A task asking for more than the server's maxima
 * ({@code leti.limits.*}) runs with the maxima.
 */
@Component
class SampleListener {

    private final ProgramExecutor executor;
    private final KafkaTemplate<String, Object> kafka;
    private final CancelledRuns cancelled;
    private final Clock clock;
    private final ExecutionLimits maxima;

    SampleListener(ProgramExecutor executor, KafkaTemplate<String, Object> kafka, ExecutionMaxima maxima,
            CancelledRuns cancelled) {
        this.executor = executor;
        this.kafka = kafka;
        this.maxima = maxima.limits();
        this.cancelled = cancelled;
        this.clock = Clock.systemUTC();
    }

    @KafkaListener(id = "executor-samples", topics = LetiTopics.SAMPLES,
            concurrency = "${leti.executor.workers:2}")
    void onSample(GeneratedSample sample) {
        if (cancelled.isCancelled(sample.runId())) {
            return; // the run was cancelled: its samples are not run, and nothing of it is published
        }
        ExecutionReport report = executor.execute(sample.completion(), sample.execution().cappedAt(maxima));
        ExecutionResult result = new ExecutionResult(sample.sampleId(), sample.runId(), sample.iteration(),
                sample.purpose(), sample.problemId(), report, clock.instant());
        kafka.send(LetiTopics.EXECUTION_RESULTS, sample.sampleId().toString(), result).join();
    }
}
