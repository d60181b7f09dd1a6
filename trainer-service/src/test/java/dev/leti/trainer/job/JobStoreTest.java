package dev.leti.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.trainer.TrainingFixtures;
import dev.leti.trainer.training.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStoreTest {

    @TempDir
    Path root;

    final TrainingRequest request = TrainingFixtures.request(UUID.randomUUID(), new ArtifactRef("builtin:leti-tiny", null),
            new ArtifactRef("artifact:datasets/d.jsonl", "ab"), null, 1);

    @Test
    void aJobIsPendingUntilItsResultIsPublishedAndSurvivesAReopenedStore() {
        JobStore store = new JobStore(root);
        JobRecord accepted = store.accept(request);
        assertThat(store.accept(request)).isEqualTo(accepted);
        assertThat(new JobStore(root).pending()).containsExactly(accepted);

        TrainingResult result = new TrainingResult(request.jobId(), request.runId(), 1, TrainingResult.Status.FAILED, null,
                0, Double.NaN, Double.NaN, 0, 5, "no such artifact", Instant.parse("2026-11-24T12:00:00Z"));
        store.write(accepted.finishedWith(result));
        assertThat(new JobStore(root).pending()).extracting(JobRecord::result).containsExactly(result);

        store.write(accepted.finishedWith(result).published());
        assertThat(new JobStore(root).pending()).isEmpty();
        assertThat(new JobStore(root).read(request.jobId())).map(JobRecord::resultPublished).hasValue(true);
    }

    @Test
    void onlyOneHolderOfAJobsLockAtATime() throws Exception {
        JobStore store = new JobStore(root);
        Optional<JobStore.JobLock> held = store.tryLock(request.jobId());
        assertThat(held).isPresent();
        assertThat(store.tryLock(request.jobId())).isEmpty();

        held.get().close();
        try (JobStore.JobLock again = store.tryLock(request.jobId()).orElseThrow()) {
            assertThat(again.channel().isOpen()).isTrue();
        }
    }

    @Test
    void filesAreReplacedWholeLeavingNoTemporaryFiles() throws Exception {
        Path file = root.resolve("job/resume.json");
        AtomicFiles.write(file, "{\"letiSteps\":3}");
        AtomicFiles.write(file, "{\"letiSteps\":6}");

        assertThat(file).hasContent("{\"letiSteps\":6}");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
