package dev.leti.trainer.training;

/** The trainer is shutting down: the job stopped between steps and resumes from its last resume point. */
public class TrainingInterruptedException extends RuntimeException {

    private final int step;

    public TrainingInterruptedException(int step) {
        super("training interrupted at step " + step);
        this.step = step;
    }

    public int step() {
        return step;
    }
}
