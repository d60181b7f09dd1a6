package dev.leti.executor.feedback;

import dev.leti.contracts.execution.Outcome;
import java.util.Set;

/**
 * A run's verdict in LeTI's terms.
 *
 * @param outcome       how it ended
 * @param exceptionType the exception's class name, or null
 * @param feedback      LeTI's textual feedback; empty when it passed
 * @param rewardHacks   the kinds of reward hack found ({@link RunClassifier#HACK_KINDS}, or {@code other});
 *                      empty unless the outcome is SUSPICIOUS
 */
public record Classification(Outcome outcome, String exceptionType, String feedback, Set<String> rewardHacks) {

    public Classification {
        rewardHacks = Set.copyOf(rewardHacks);
    }

    /** A classification without reward hacks. */
    public Classification(Outcome outcome, String exceptionType, String feedback) {
        this(outcome, exceptionType, feedback, Set.of());
    }
}
