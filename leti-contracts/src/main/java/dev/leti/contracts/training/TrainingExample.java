package dev.leti.contracts.training;

import dev.leti.contracts.execution.Outcome;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of a training dataset artifact (JSON Lines): a recorded sample and what the
 * executor said about it. The trainer turns it into LeTI training text according to the
 * request's feedback mode.
 *
 * @param sampleId  the sample
 * @param problemId its problem
 * @param prompt    the prompt it was sampled from, without reward token
 * @param program   the generated program
 * @param outcome   the execution outcome ({@code PASSED} earns {@code <|good|>})
 * @param feedback  the textual feedback; empty when it passed
 */
public record TrainingExample(
        UUID sampleId, String problemId, String prompt, String program, Outcome outcome, String feedback) {

    public TrainingExample {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(problemId, "problemId");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(outcome, "outcome");
        feedback = feedback == null ? "" : feedback;
    }
}
