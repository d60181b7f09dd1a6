package dev.leti.orchestrator.run;

/** Where a run is in its life. */
public enum RunState {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this != RUNNING;
    }
}
