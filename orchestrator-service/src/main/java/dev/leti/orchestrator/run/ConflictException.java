package dev.leti.orchestrator.run;

/** A request that does not fit the resource's state (cancelling a finished run): 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
