package dev.leti.orchestrator.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.contracts.training.TrainingSettings;
import dev.leti.orchestrator.RepositoryTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Training jobs as the training stage and the listeners store and read them. */
class TrainingJobRepositoryTest extends RepositoryTest {

    private static final ArtifactRef CHECKPOINT = new ArtifactRef("artifact://checkpoints/a", "abc");

    @Autowired
    TrainingJobRepository jobs;

    @Test
    void aJobsFirstResultWinsAndLaterReportsChangeNothing() {
        UUID run = insertRun();
        TrainingRequest request = request(run);
        jobs.insert(request, 5);
        assertThat(jobs.job(run, 1).status()).isEqualTo("REQUESTED");

        jobs.recordProgress(new TrainingProgress(request.jobId(), run, 1, 3, 10, 1.5, 100.0, Instant.now()));
        TrainingJob running = jobs.job(run, 1);
        assertThat(running.status()).isEqualTo("RUNNING");
        assertThat(running.step()).isEqualTo(3);
        assertThat(running.totalSteps()).isEqualTo(10);

        jobs.recordResult(result(request, TrainingResult.Status.SUCCEEDED, CHECKPOINT));
        jobs.recordResult(result(request, TrainingResult.Status.FAILED,
                new ArtifactRef("artifact://checkpoints/b", "def")));
        jobs.recordProgress(new TrainingProgress(request.jobId(), run, 1, 4, 10, 1.0, 100.0, Instant.now()));

        TrainingJob done = jobs.job(run, 1);
        assertThat(done.status()).isEqualTo("SUCCEEDED");
        assertThat(done.step()).isEqualTo(10);
        assertThat(jobs.checkpoint(run, 1)).contains(CHECKPOINT);
        assertThat(jobs.views(run).get(1)).satisfies(view -> {
            assertThat(view.examples()).isEqualTo(5);
            assertThat(view.dataset()).isEqualTo(request.dataset().uri());
            assertThat(view.finalLoss()).isEqualTo(0.5);
        });
    }

    @Test
    void aRetriedJobCountsItsAttemptAndKeepsItsRequest() {
        UUID run = insertRun();
        TrainingRequest request = request(run);
        jobs.insert(request, 5);

        jobs.countAttempt(request.jobId());

        TrainingJob job = jobs.job(run, 1);
        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.request()).isEqualTo(request);
        assertThat(jobs.checkpoint(run, 1)).isEmpty();
    }

    private static TrainingRequest request(UUID run) {
        var settings = new TrainingSettings(1, 4, 1, 1e-3, 0.0, LearningRateSchedule.CONSTANT, 0, 1.0, 128, false, 0,
                null, 1L, null, null, null, null);
        return new TrainingRequest(UUID.randomUUID(), run, 1, new ArtifactRef("builtin:leti-tiny", null),
                new ArtifactRef("artifact://datasets/" + run + "/iteration-1.jsonl", "0123"), FeedbackMode.TEXTUAL,
                settings);
    }

    private static TrainingResult result(TrainingRequest request, TrainingResult.Status status,
                                         ArtifactRef checkpoint) {
        return new TrainingResult(request.jobId(), request.runId(), request.iteration(), status, checkpoint, 10, 2.0,
                0.5, 1000, 60_000, status == TrainingResult.Status.FAILED ? "boom" : null, Instant.now());
    }
}
