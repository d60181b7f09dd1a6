package dev.leti.executor.api;

/** A request field that is well-formed JSON but unusable; answered as a 400 naming it. */
class InvalidFieldException extends RuntimeException {

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
