package dev.leti.contracts.generation;

import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Sample programs for a small batch of problems from one checkpoint.
 *
 * @param requestId     unique per request; with problem id and sample index it determines
 *                      every sample's id, so a redelivered request yields the same ids
 * @param runId         the run asking
 * @param iteration     the LeTI iteration (0 = base evaluation)
 * @param purpose       training samples or evaluation samples
 * @param checkpointUri the checkpoint to sample from ({@code builtin:...} or an artifact URI)
 * @param rewardToken   the reward token put in front of every prompt
 * @param sampling      sampling settings, complete (the run spec's, unchanged)
 * @param stopSequences generation of a program ends at the first of these (not included): the
 *                      problems' format's
 * @param problems      the problems and how many samples each
 */
public record GenerationRequest(
        UUID requestId,
        UUID runId,
        int iteration,
        SamplePurpose purpose,
        String checkpointUri,
        RewardToken rewardToken,
        SamplingSettings sampling,
        List<String> stopSequences,
        List<ProblemToSample> problems) {

    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(checkpointUri, "checkpointUri");
        Objects.requireNonNull(sampling, "sampling");
        if (!sampling.complete()) {
            throw new IllegalArgumentException("a generation request needs complete sampling settings: " + sampling);
        }
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        rewardToken = rewardToken == null ? RewardToken.NONE : rewardToken;
        problems = List.copyOf(problems);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a generation request needs at least one problem");
        }
    }

    /** Samples this request yields in total. */
    public int totalSamples() {
        return problems.stream().mapToInt(ProblemToSample::samples).sum();
    }
}
