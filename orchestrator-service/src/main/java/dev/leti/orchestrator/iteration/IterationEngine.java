package dev.leti.orchestrator.iteration;

import dev.leti.contracts.SamplePurpose;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.messaging.Outbox;
import dev.leti.orchestrator.run.IterationRecord;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunRepository;
import dev.leti.orchestrator.run.RunStarter;
import dev.leti.orchestrator.sample.StageCounts;
import dev.leti.spring.database.DatabaseOutage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The iteration state machine. Iteration 0 evaluates the base checkpoint; iteration n >= 1
 * samples training programs with the previous checkpoint (GENERATING, executed as they
 * arrive), writes the training dataset (BUILDING_DATASET), fine-tunes (TRAINING) and
 * evaluates the new checkpoint on the held-out set(s) (EVALUATING).
 *
 * <p>All state lives in the database; {@link #tick()} looks at every running run, and a step
 * that finds its stage complete moves the run on in one transaction together with the
 * messages the next stage needs (outbox). A restarted orchestrator therefore continues
 * every run from its recorded state, and replicas share the work through row locks.
 *
 * <p>The members of a comparison sample iteration 0 and iteration 1's training programs
 * once, for all feedback modes ({@link SharedStages}).
 */
@Component
public class IterationEngine implements RunStarter {

    private static final Logger log = LoggerFactory.getLogger(IterationEngine.class);

    private final RunRepository runs;
    private final SamplingStage sampling;
    private final SharedStages shared;
    private final TrainingStage training;
    private final Evaluation evaluation;
    private final Outbox outbox;
    private final OrchestratorMetrics metrics;
    private final TransactionTemplate tx;

    IterationEngine(RunRepository runs, SamplingStage sampling, SharedStages shared, TrainingStage training,
                    Evaluation evaluation, Outbox outbox, OrchestratorMetrics metrics, TransactionTemplate tx) {
        this.runs = runs;
        this.sampling = sampling;
        this.shared = shared;
        this.training = training;
        this.evaluation = evaluation;
        this.outbox = outbox;
        this.metrics = metrics;
        this.tx = tx;
    }

    /** Starts a freshly inserted run with the base evaluation; runs in the caller's transaction. */
    @Override
    public void start(RunRecord run) {
        String base = run.spec().baseCheckpoint();
        runs.insertIteration(run.id(), 0, Stage.EVALUATING, base, base);
        log.info("run {} started: base evaluation of {}", run.id(), base);
        begin(run, 0, SamplePurpose.EVAL, base);
    }

    /** One pass over the running runs; each run steps in its own transaction. */
    public void tick() {
        List<UUID> running = runs.runningIds();
        metrics.activeRuns(running.size());
        for (UUID id : running) {
            try {
                tx.executeWithoutResult(status -> step(id));
            } catch (RuntimeException e) {
                if (DatabaseOutage.causedBy(e)) {
                    // The database is down or restarting: nothing is wrong with the run, the next tick steps it.
                    log.warn("run {}: not stepped, the database is unavailable: {}", id, e.getMessage());
                    return;
                }
                log.error("run {}: stepping failed", id, e);
                tx.executeWithoutResult(status -> runs.lockRunning(id).ifPresent(run ->
                        fail(run, "internal error: " + e.getMessage())));
            }
        }
    }

    private void step(UUID id) {
        Optional<RunRecord> locked = runs.lockRunning(id);
        if (locked.isEmpty()) {
            return;
        }
        RunRecord run = locked.get();
        IterationRecord iteration = runs.iteration(id, run.currentIteration()).orElseThrow();
        try {
            advance(run, iteration);
        } catch (StageFailedException e) {
            fail(run, e.getMessage());
        }
    }

    private void advance(RunRecord run, IterationRecord it) {
        int n = it.number();
        switch (it.stage()) {
            case GENERATING -> {
                if (!ready(run, n, SamplePurpose.TRAIN, it.sampleCheckpoint())) {
                    return;
                }
                StageCounts counts = sampling.settle(run, n, SamplePurpose.TRAIN);
                metrics.progress(run.id(), Stage.GENERATING, counts.fraction());
                if (counts.complete()) {
                    move(run, n, Stage.GENERATING, Stage.BUILDING_DATASET, null);
                    buildDataset(run, it);
                }
            }
            case BUILDING_DATASET -> buildDataset(run, it);
            case TRAINING -> training.settle(run, n).ifPresent(checkpoint -> {
                move(run, n, Stage.TRAINING, Stage.EVALUATING, checkpoint);
                begin(run, n, SamplePurpose.EVAL, checkpoint);
            });
            case EVALUATING -> {
                if (!ready(run, n, SamplePurpose.EVAL, it.evalCheckpoint())) {
                    return;
                }
                StageCounts counts = sampling.settle(run, n, SamplePurpose.EVAL);
                metrics.progress(run.id(), Stage.EVALUATING, counts.fraction());
                if (counts.complete()) {
                    evaluation.record(run, n);
                    move(run, n, Stage.EVALUATING, Stage.DONE, null);
                    metrics.iterationCompleted();
                    next(run, runs.iteration(run.id(), n).orElseThrow());
                }
            }
            case DONE -> next(run, it);
        }
    }

    private void buildDataset(RunRecord run, IterationRecord it) {
        training.start(run, it.number(), it.sampleCheckpoint());
        move(run, it.number(), Stage.BUILDING_DATASET, Stage.TRAINING, null);
    }

    /** After a finished iteration: the next one, or the run's end. */
    private void next(RunRecord run, IterationRecord done) {
        if (done.number() >= run.spec().iterations()) {
            runs.finish(run.id(), RunState.SUCCEEDED, null);
            metrics.runFinished(RunState.SUCCEEDED);
            log.info("run {} succeeded after {} iterations", run.id(), done.number());
            return;
        }
        int n = done.number() + 1;
        runs.insertIteration(run.id(), n, Stage.GENERATING, done.evalCheckpoint(), null);
        log.info("run {} iteration {}: sampling training programs from {}", run.id(), n, done.evalCheckpoint());
        begin(run, n, SamplePurpose.TRAIN, done.evalCheckpoint());
    }

    /**
     * Starts a sampling stage: publishes its requests, or for a stage shared within a
     * comparison, copies or waits for another member's ({@link SharedStages}).
     */
    private void begin(RunRecord run, int iteration, SamplePurpose purpose, String checkpoint) {
        if (!SharedStages.isShared(run, iteration, purpose)) {
            sampling.publish(run, iteration, purpose, checkpoint);
        } else if (!shared.provide(run, iteration, purpose, checkpoint)) {
            log.info("run {} iteration {}: {} samples are shared within comparison {}: waiting for the member "
                    + "sampling them", run.id(), iteration, purpose, run.comparisonId());
        }
    }

    /** Whether a sampling stage has its requests (a shared one may still wait for another member). */
    private boolean ready(RunRecord run, int iteration, SamplePurpose purpose, String checkpoint) {
        return !SharedStages.isShared(run, iteration, purpose) || shared.provide(run, iteration, purpose, checkpoint);
    }

    private void move(RunRecord run, int iteration, Stage from, Stage to, String evalCheckpoint) {
        Duration took = runs.advanceStage(run.id(), iteration, from, to, evalCheckpoint);
        metrics.stageFinished(from, took);
        metrics.progress(run.id(), from, 1.0);
        log.info("run {} iteration {}: {} done in {} s, now {}", run.id(), iteration, from,
                took.toMillis() / 1000.0, to);
    }

    /** Ends a run as FAILED with the reason; its unsent messages are dropped. */
    private void fail(RunRecord run, String reason) {
        IterationRecord current = runs.iteration(run.id(), run.currentIteration()).orElse(null);
        if (current != null && current.stage() != Stage.DONE) {
            runs.finishStage(run.id(), current.number(), current.stage());
        }
        runs.finish(run.id(), RunState.FAILED, reason);
        outbox.discardPending(run.id());
        metrics.runFinished(RunState.FAILED);
        log.warn("run {} failed: {}", run.id(), reason);
    }
}
