package dev.leti.orchestrator.web;

/** A request that does not fit the resource's state (cancelling a finished run): 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
