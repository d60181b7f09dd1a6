package dev.leti.orchestrator.lifecycle;

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
