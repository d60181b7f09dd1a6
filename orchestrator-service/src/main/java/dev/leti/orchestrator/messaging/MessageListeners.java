package dev.leti.orchestrator.messaging;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.sample.SampleRepository;
import dev.leti.orchestrator.training.TrainingJobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what the other services report, each message with one repository call. The
 * repositories key every write so that a redelivered message changes nothing (insert ... on
 * conflict do nothing, or an update guarded by the current state), and ignore a message for a
 * run this database does not know; a message is counted in the metrics only when it changed
 * something. Advancing runs is {@code IterationEngine}'s job, not the listeners'.
 */
@Component
public class MessageListeners {

    private static final Logger log = LoggerFactory.getLogger(MessageListeners.class);

    private final SampleRepository samples;
    private final TrainingJobRepository trainingJobs;
    private final OrchestratorMetrics metrics;

    MessageListeners(SampleRepository samples, TrainingJobRepository trainingJobs, OrchestratorMetrics metrics) {
        this.samples = samples;
        this.trainingJobs = trainingJobs;
        this.metrics = metrics;
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.SAMPLES)
    public void onSample(GeneratedSample sample) {
        if (samples.recordSample(sample)) {
            metrics.sampleRecorded(sample.purpose());
        }
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.EXECUTION_RESULTS)
    public void onExecutionResult(ExecutionResult result) {
        if (samples.recordResult(result)) {
            metrics.executionRecorded(result.report().outcome(), result.report().exceptionType());
        }
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.GENERATION_FAILURES)
    public void onGenerationFailed(GenerationFailed failure) {
        if (samples.recordFailure(failure)) {
            log.warn("run {} iteration {}: generation request {} failed: {}", failure.runId(), failure.iteration(),
                    failure.requestId(), failure.reason());
        }
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.TRAINING_PROGRESS)
    public void onTrainingProgress(TrainingProgress progress) {
        trainingJobs.recordProgress(progress);
    }

    @Transactional
    @KafkaListener(topics = LetiTopics.TRAINING_RESULTS)
    public void onTrainingResult(TrainingResult result) {
        trainingJobs.recordResult(result);
    }
}
