package dev.leti.orchestrator.iteration;

import dev.leti.contracts.Prompts;
import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.orchestrator.OrchestratorProperties;
import dev.leti.orchestrator.messaging.Outbox;
import dev.leti.orchestrator.run.ProblemSets;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunRepository;
import dev.leti.orchestrator.run.RunRepository.RunProblem;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.sample.RequestProgress;
import dev.leti.orchestrator.sample.SampleRepository;
import dev.leti.orchestrator.sample.StageCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A sampling stage: training programs on the train split, or evaluation programs on the
 * held-out set(s). It publishes small generation requests and is complete when every
 * requested sample has been recorded with its execution result. A request the generator
 * reports as failed (after {@code retry-backoff}), or one unfinished when no sample or result
 * of any run has arrived for {@code stage-timeout}, is
 * published again with the same request id (so its samples keep their ids) until
 * {@code max-attempts}; then the stage fails.
 */
@Component
public class SamplingStage {

    private static final Logger log = LoggerFactory.getLogger(SamplingStage.class);

    private final RunRepository runs;
    private final SampleRepository samples;
    private final Outbox outbox;
    private final OrchestratorProperties properties;

    SamplingStage(RunRepository runs, SampleRepository samples, Outbox outbox, OrchestratorProperties properties) {
        this.runs = runs;
        this.samples = samples;
        this.outbox = outbox;
        this.properties = properties;
    }

    /** Publishes (through the outbox) every generation request of a stage. */
    public void publish(RunRecord run, int iteration, SamplePurpose purpose, String checkpoint) {
        RunSpec spec = run.spec();
        List<String> sets = purpose == SamplePurpose.TRAIN ? List.of(ProblemSets.TRAIN) : ProblemSets.evalSets(spec);
        for (String set : sets) {
            if (purpose == SamplePurpose.EVAL && iteration == 0 && ProblemSets.sameProblemsAs(spec, set).isPresent()) {
                continue; // the base evaluation of these problems is sampled once (Evaluation scores both sets)
            }
            List<RunProblem> problems = runs.problems(run.id(), set);
            for (int from = 0; from < problems.size(); from += properties.problemsPerRequest()) {
                List<RunProblem> chunk = problems.subList(from,
                        Math.min(problems.size(), from + properties.problemsPerRequest()));
                insert(request(run, iteration, purpose, checkpoint, set, chunk));
            }
        }
    }

    private GenerationRequest request(RunRecord run, int iteration, SamplePurpose purpose, String checkpoint,
                                      String set, List<RunProblem> chunk) {
        RunSpec spec = run.spec();
        boolean train = purpose == SamplePurpose.TRAIN;
        int samples = train ? spec.samplesPerProblem() : spec.evaluation().samplesPerProblem();
        ExecutionLimits limits = spec.execution().limits();
        List<ProblemToSample> problems = chunk.stream()
                .map(p -> new ProblemToSample(p.key(), p.problem().prompt(), samples,
                        p.problem().executionTask(limits)))
                .toList();
        return new GenerationRequest(UUID.randomUUID(), run.id(), iteration, purpose, checkpoint,
                rewardToken(spec, iteration, purpose, set), train ? spec.sampling() : spec.evaluation().sampling(),
                Prompts.stopSequences(chunk.get(0).problem().format()), problems);
    }

    /**
     * LeTI samples the first iteration's training programs from the base model without a
     * reward token and later ones with {@code <|good|>}; evaluation uses the configured token
     * from iteration 1 on (the base checkpoint was never trained on one). A NONE-feedback run
     * trains on no reward token, so it samples its training programs without one.
     */
    static RewardToken rewardToken(RunSpec spec, int iteration, SamplePurpose purpose) {
        if (purpose == SamplePurpose.TRAIN) {
            return iteration <= 1 || spec.feedbackMode() == FeedbackMode.NONE ? RewardToken.NONE : RewardToken.GOOD;
        }
        return iteration == 0 ? RewardToken.NONE : spec.evaluation().rewardToken();
    }

    /**
     * The token for the programs of one problem set: an extra evaluation set with its own
     * {@code rewardToken} is evaluated with that one from iteration 1 on; every other set as above.
     */
    static RewardToken rewardToken(RunSpec spec, int iteration, SamplePurpose purpose, String set) {
        if (purpose == SamplePurpose.EVAL && iteration > 0) {
            for (RunSpec.EvalDatasetSpec extra : spec.evaluation().extraDatasets()) {
                if (extra.name().equals(set) && extra.rewardToken() != null) {
                    return extra.rewardToken();
                }
            }
        }
        return rewardToken(spec, iteration, purpose);
    }

    /**
     * Keyed by request id, not run id: a run's requests (chunks of problems) spread over the topic's
     * partitions, so every generator replica samples for the same run.
     */
    private void insert(GenerationRequest request) {
        samples.insertRequest(request);
        outbox.enqueue(request.runId(), request.requestId().toString(), request);
    }

    /**
     * The stage's counts; when it is not complete, failed or stalled requests are retried.
     *
     * @throws StageFailedException when a request has used up its attempts
     */
    public StageCounts settle(RunRecord run, int iteration, SamplePurpose purpose) {
        List<RequestProgress> requests = samples.progress(run.id(), iteration, purpose);
        StageCounts counts = StageCounts.of(requests);
        if (requests.stream().allMatch(RequestProgress::complete)) {
            return counts;
        }
        Instant now = Instant.now();
        for (RequestProgress request : requests) {
            // A failure may be passing (a generator restarting): wait a little before asking again.
            boolean backedOff = Duration.between(request.lastAttemptAt(), now).compareTo(properties.retryBackoff()) >= 0;
            if (!request.complete() && request.failure() != null && backedOff) {
                retry(run, iteration, purpose, request, "generation failed: " + request.failure());
            }
        }
        Instant lastActivity = samples.lastActivity(run.id(), iteration, purpose);
        if (Duration.between(lastActivity, now).compareTo(properties.stageTimeout()) > 0) {
            for (RequestProgress request : requests) {
                if (!request.complete() && request.failure() == null) {
                    retry(run, iteration, purpose, request, "no samples or results for "
                            + properties.stageTimeout().toSeconds() + " s (" + request.executed() + " of "
                            + request.expected() + " executed)");
                }
            }
        }
        return counts;
    }

    private void retry(RunRecord run, int iteration, SamplePurpose purpose, RequestProgress request, String why) {
        if (request.attempts() >= properties.maxAttempts()) {
            throw new StageFailedException(purpose + " sampling of iteration " + iteration + " failed after "
                    + request.attempts() + " attempts of request " + request.requestId() + ": " + why);
        }
        log.warn("run {} iteration {}: publishing generation request {} again (attempt {}): {}", run.id(),
                iteration, request.requestId(), request.attempts() + 1, why);
        outbox.enqueue(run.id(), request.requestId().toString(), samples.reattempt(request.requestId()));
    }
}
