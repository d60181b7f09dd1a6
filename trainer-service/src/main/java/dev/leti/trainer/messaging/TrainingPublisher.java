package dev.leti.trainer.messaging;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingResult;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes progress (best effort) and results (confirmed by the broker before the job is marked published). Key: run id. */
@Component
public class TrainingPublisher {

    private final KafkaTemplate<String, Object> kafka;

    TrainingPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    public void progress(TrainingProgress progress) {
        kafka.send(LetiTopics.TRAINING_PROGRESS, progress.runId().toString(), progress);
    }

    public void result(TrainingResult result) {
        try {
            kafka.send(LetiTopics.TRAINING_RESULTS, result.runId().toString(), result).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of job " + result.jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the result of job " + result.jobId(), e);
        }
    }
}
