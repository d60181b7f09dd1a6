package dev.leti.orchestrator.run;

/**
 * Starts a freshly inserted run: its base evaluation, in the transaction that created the run.
 * The iteration engine implements it; this interface lets {@code run} hand a new run over
 * without depending on {@code iteration}, which depends on {@code run} for the runs it steps.
 */
public interface RunStarter {

    void start(RunRecord run);
}
