package dev.leti.trainer.job;

import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.spring.messaging.CancelledRuns;
import dev.leti.trainer.TrainerProperties;
import dev.leti.trainer.messaging.TrainingPublisher;
import dev.leti.trainer.training.FineTuning;
import dev.leti.trainer.training.TrainingCancelledException;
import dev.leti.trainer.training.TrainingInterruptedException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs training jobs one at a time (one device), each exactly once: a job id already finished
 * is never trained again, a job left unfinished by a crash is resumed at startup from its last
 * resume point, and a job's result is published once, after it has been recorded.
 */
@Component
public class TrainingJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    private final JobStore store;
    private final FineTuning fineTuning;
    private final TrainingPublisher publisher;
    private final CancelledRuns cancelled;
    private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService executor;

    TrainingJobs(TrainerProperties properties, FineTuning fineTuning, TrainingPublisher publisher,
            CancelledRuns cancelled) {
        this.store = new JobStore(properties.stateDir());
        this.fineTuning = fineTuning;
        this.publisher = publisher;
        this.cancelled = cancelled;
    }

    /** Accepts a request: records it, then trains it unless it is known and finished. */
    public void submit(TrainingRequest request) {
        JobRecord record = store.accept(request);
        if (record.resultPublished()) {
            log.info("Training job {} already ended ({}); not training it again", request.jobId(),
                    record.finished() ? record.result().status() : "its run was cancelled");
            return;
        }
        schedule(request.jobId());
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "training-jobs"));
        for (JobRecord job : store.pending()) {
            log.info("Resuming training job {} (run {}, iteration {}) left unfinished by an earlier process",
                    job.request().jobId(), job.request().runId(), job.request().iteration());
            schedule(job.request().jobId());
        }
    }

    @Override
    public synchronized void stop() {
        // Interrupting makes the running job stop between steps; it resumes from its last resume point next start.
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void schedule(UUID jobId) {
        ExecutorService running = executor;
        if (running == null) {
            return; // start() picks the recorded job up
        }
        if (scheduled.add(jobId)) {
            running.execute(() -> {
                try {
                    run(jobId);
                } finally {
                    scheduled.remove(jobId);
                }
            });
        }
    }

    private void run(UUID jobId) {
        Optional<JobStore.JobLock> lock = store.tryLock(jobId);
        if (lock.isEmpty()) {
            log.info("Training job {} is being run by another trainer process", jobId);
            return;
        }
        try (JobStore.JobLock held = lock.get()) {
            JobRecord record = store.read(jobId).orElseThrow();
            if (!record.resultPublished() && cancelled.isCancelled(record.request().runId())) {
                throw new TrainingCancelledException(record.request().runId(), 0);
            }
            if (!record.finished()) {
                TrainingResult result = fineTuning.run(record.request(), store.directory(jobId));
                record = record.finishedWith(result);
                store.write(record);
            }
            if (!record.resultPublished()) {
                publisher.result(record.result());
                store.write(record.published());
            }
        } catch (TrainingInterruptedException e) {
            log.info("Training job {} stopped by shutdown; it resumes from its last resume point on the next start", jobId);
        } catch (TrainingCancelledException e) {
            log.info("Training job {} stopped: {}", jobId, e.getMessage());
            store.read(jobId).ifPresent(record -> store.write(record.cancelled()));
        } catch (IOException | RuntimeException e) {
            log.error("Training job {} could not be completed; it is retried on the next start", jobId, e);
        }
    }
}
