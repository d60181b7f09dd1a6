package dev.leti.executor.sandbox;

/**
 * A way to start sandboxes. A warm pool keeps what {@link #start(int)} returns for many
 * programs; the cold path starts one per program.
 */
public interface SandboxBackend extends AutoCloseable {

    /** The name results carry ({@code process}, {@code docker}). */
    String name();

    /**
     * Checks that this backend can isolate programs, by starting a sandbox and probing it.
     *
     * @throws IllegalStateException naming what is missing, when isolation cannot be established
     */
    void verifyIsolation();

    /**
     * Starts a sandbox for pool slot {@code slot}; a warm one preloads the modules programs
     * commonly import, which only pays off over many programs.
     */
    Sandbox start(int slot, boolean warm) throws SandboxException;

    /** How the sandboxes' process and memory limits are enforced, by limit ({@code /actuator/info}). */
    default java.util.Map<String, String> limitMechanisms() {
        return java.util.Map.of();
    }

    @Override
    default void close() {
    }
}
