package dev.leti.orchestrator.iteration;

import dev.leti.contracts.SamplePurpose;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.run.ComparisonMember;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunRepository;
import dev.leti.orchestrator.sample.SampleRepository;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The sampling stages that the members of a feedback-mode comparison share. Iteration 0 (the
 * base checkpoint's evaluation) and iteration 1's training samples (base checkpoint, no reward
 * token, the same seeds) do not depend on the feedback mode, so one member produces them and
 * the others copy its generation requests, samples and execution results under their own run
 * id (new ids derived from the run and the copied id). From then on a copy is an ordinary
 * complete stage: pass@k, views, the training dataset (and so each member's own training job
 * with its own feedback mode) and resume need nothing else. Copied requests are never published.
 *
 * <p>Who produces a stage: the member with the lowest index (the leader, member 0) that is still
 * running. A member that has no requests for a shared stage copies them from any member whose
 * iteration is past that stage; otherwise it waits while a lower-index member is running; when
 * none is (the leader failed or was cancelled before finishing the stage) it publishes the
 * stage's requests itself, and the members after it wait for it in turn.
 */
@Component
class SharedStages {

    private static final Logger log = LoggerFactory.getLogger(SharedStages.class);

    private final RunRepository runs;
    private final SampleRepository samples;
    private final SamplingStage sampling;

    SharedStages(RunRepository runs, SampleRepository samples, SamplingStage sampling) {
        this.runs = runs;
        this.samples = samples;
        this.sampling = sampling;
    }

    /** Whether a stage of the run is shared with the other members of its comparison. */
    static boolean isShared(RunRecord run, int iteration, SamplePurpose purpose) {
        return run.comparisonId() != null
                && ((iteration == 0 && purpose == SamplePurpose.EVAL)
                    || (iteration == 1 && purpose == SamplePurpose.TRAIN));
    }

    /** The iteration stage in which the samples of a purpose are drawn. */
    private static Stage stageOf(SamplePurpose purpose) {
        return purpose == SamplePurpose.TRAIN ? Stage.GENERATING : Stage.EVALUATING;
    }

    /** Whether the member's iteration in question is past the stage in which the samples of a purpose are drawn. */
    private static boolean finished(ComparisonMember member, SamplePurpose purpose) {
        return member.stage() != null && member.stage().ordinal() > stageOf(purpose).ordinal();
    }

    /**
     * Gives a shared stage of the run its requests, if it has none yet: copied from a member
     * that finished the stage, or published by this run when no member before it is running.
     * Runs in the caller's (the run's step) transaction, so a copy is all or nothing.
     *
     * @param checkpoint the checkpoint the stage samples from, should this run produce it
     * @return whether the stage has its requests now; false while this run waits for another member
     */
    boolean provide(RunRecord run, int iteration, SamplePurpose purpose, String checkpoint) {
        if (samples.hasRequests(run.id(), iteration, purpose)) {
            return true;
        }
        List<ComparisonMember> members = runs.members(run.comparisonId(), iteration);
        ComparisonMember self = members.stream().filter(m -> m.id().equals(run.id())).findFirst().orElseThrow();
        Optional<ComparisonMember> source = members.stream()
                .filter(m -> !m.id().equals(run.id()) && finished(m, purpose)).findFirst();
        if (source.isPresent()) {
            int copied = samples.copyStage(source.get().id(), run.id(), iteration, purpose);
            log.info("run {} iteration {}: {} samples and their results copied from run {} of comparison {}",
                    run.id(), iteration, copied, source.get().id(), run.comparisonId());
            return true;
        }
        if (members.stream().anyMatch(m -> m.index() < self.index() && m.state() == RunState.RUNNING)) {
            return false;
        }
        sampling.publish(run, iteration, purpose, checkpoint);
        if (self.index() > 0) {
            log.warn("run {} iteration {}: no member before it in comparison {} is running or finished {} sampling; "
                    + "it samples them itself", run.id(), iteration, run.comparisonId(), purpose);
        }
        return true;
    }
}
