package dev.leti.trainer.job;

import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import java.util.Objects;

/**
 * What the trainer knows about a job, kept in {@code <state-dir>/<jobId>/job.json}: the request
 * (so a restarted trainer can resume the job without Kafka redelivering it), and once it has
 * ended, its result and whether that result went out.
 *
 * @param request         the training request
 * @param result          how it ended; null while it runs
 * @param resultPublished whether the result was published (it is published exactly once)
 */
public record JobRecord(TrainingRequest request, TrainingResult result, boolean resultPublished) {

    public JobRecord {
        Objects.requireNonNull(request, "request");
    }

    static JobRecord accepted(TrainingRequest request) {
        return new JobRecord(request, null, false);
    }

    public boolean finished() {
        return result != null;
    }

    JobRecord finishedWith(TrainingResult result) {
        return new JobRecord(request, result, false);
    }

    /**
     * The job of a cancelled run: ended, and marked as published so that no process ever trains or
     * reports it (nothing of a cancelled run is published).
     */
    JobRecord cancelled() {
        return new JobRecord(request, result, true);
    }

    JobRecord published() {
        return new JobRecord(request, result, true);
    }
}
