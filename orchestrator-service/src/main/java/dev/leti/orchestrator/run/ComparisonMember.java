package dev.leti.orchestrator.run;

import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import java.util.UUID;

/**
 * A member of a comparison: its index, state and the stage of one of its iterations.
 *
 * @param stage that iteration's stage; null when the member has not reached it
 */
public record ComparisonMember(UUID id, int index, RunState state, Stage stage) {
}
