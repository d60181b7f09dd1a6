package dev.leti.trainer.job;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.training.TrainingRequest;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands training requests to {@link TrainingJobs}. Accepting a job writes it to the job store
 * before the offset is committed, so a job survives a crash from then on; the training itself
 * runs on the jobs' own thread and never holds up the consumer's poll loop.
 */
@Component
class TrainingRequestListener {

    private final TrainingJobs jobs;

    TrainingRequestListener(TrainingJobs jobs) {
        this.jobs = jobs;
    }

    @KafkaListener(id = "training-requests", idIsGroup = false, topics = LetiTopics.TRAINING_REQUESTS)
    void onRequest(TrainingRequest request) {
        jobs.submit(request);
    }
}
