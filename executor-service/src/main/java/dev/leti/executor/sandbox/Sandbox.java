package dev.leti.executor.sandbox;

/** A started sandbox with its worker, ready to run programs one at a time. */
public interface Sandbox extends AutoCloseable {

    RawRun run(SandboxJob job) throws SandboxException;

    /** Stops the worker and removes everything the sandbox created; never throws. */
    @Override
    void close();
}
