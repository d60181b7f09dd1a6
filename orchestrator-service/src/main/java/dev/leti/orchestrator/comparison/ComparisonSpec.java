package dev.leti.orchestrator.comparison;

import dev.leti.contracts.FeedbackMode;
import dev.leti.orchestrator.run.RunSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The paper's main ablation: one run per feedback mode, from the same base checkpoint with
 * the same budget (everything but {@code feedbackMode} is shared).
 *
 * @param run           the shared spec; its {@code feedbackMode} is ignored
 * @param feedbackModes the modes to compare; TEXTUAL, BINARY and NONE when absent
 */
public record ComparisonSpec(@Valid RunSpec run, @Size(min = 1, max = 3) List<@NotNull FeedbackMode> feedbackModes) {

    public static final ComparisonSpec EMPTY = new ComparisonSpec(null, null);

    public RunSpec runOrDefault() {
        return run == null ? RunSpec.EMPTY : run;
    }

    public List<FeedbackMode> modesOrDefault() {
        return feedbackModes == null ? List.of(FeedbackMode.values()) : feedbackModes;
    }
}
