package dev.leti.orchestrator.sample;

/** pass@k of one evaluation set at one k. */
public record EvaluationRow(String split, int k, double passAtK, int problems, int samplesPerProblem) {
}
