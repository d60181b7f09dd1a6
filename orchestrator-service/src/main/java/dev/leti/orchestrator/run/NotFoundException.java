package dev.leti.orchestrator.run;

/** An unknown resource id: 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
