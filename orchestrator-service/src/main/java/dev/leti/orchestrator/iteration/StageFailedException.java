package dev.leti.orchestrator.iteration;

/** A stage that cannot finish; the run fails with this message as its reason. */
public class StageFailedException extends RuntimeException {

    public StageFailedException(String reason) {
        super(reason);
    }
}
