package dev.leti.local.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An evaluation sample as {@code GET /api/v1/runs/{id}/iterations/{n}/samples} lists it (its {@code SampleView}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvalSample(String evalSet, String problemId, int sampleIndex, String outcome) {

    public boolean passed() {
        return "PASSED".equals(outcome);
    }
}
