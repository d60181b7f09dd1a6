package dev.leti.trainer.training;

import java.util.UUID;

/** The job's run was cancelled: the job stopped between steps, for good, and publishes nothing. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(UUID runId, int step) {
        super("run " + runId + " was cancelled; training stopped at step " + step);
    }
}
