package dev.leti.orchestrator.run;

/** Bad input the annotations cannot express (cross-field rules, datasets): a 400 naming the field. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
