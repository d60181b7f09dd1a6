package dev.leti.executor.sandbox;

/** The sandbox itself failed; nothing is known about the program. */
public class SandboxException extends Exception {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
