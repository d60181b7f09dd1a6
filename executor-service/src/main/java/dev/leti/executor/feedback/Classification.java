package dev.leti.executor.feedback;

import dev.leti.contracts.execution.Outcome;

/**
 * A run's verdict in LeTI's terms.
 *
 * @param outcome       how it ended
 * @param exceptionType the exception's class name, or null
 * @param feedback      LeTI's textual feedback; empty when it passed
 */
public record Classification(Outcome outcome, String exceptionType, String feedback) {
}
