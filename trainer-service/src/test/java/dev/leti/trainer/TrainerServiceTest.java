package dev.leti.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.run.RunCancelled;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.contracts.training.TrainingSettings;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.checkpoint.CheckpointSource;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import dev.leti.spring.artifact.ArtifactStore;
import dev.leti.spring.artifact.DirectoryArtifactStore;
import dev.leti.spring.testing.ThreadActivity;
import dev.leti.trainer.text.LetiTextBuilder;
import dev.leti.model.text.SequenceTruncation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The trainer over a real broker with the shipped tiny model: a training request becomes a new
 * checkpoint in the artifact store that fits its training text better than the base did.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "leti.kafka.partitions=1",
        "leti.trainer.progress-every-steps=2",
        "leti.trainer.checkpoint-every-steps=4"})
@EmbeddedKafka
class TrainerServiceTest {

    static final int MAX_LENGTH = TrainingFixtures.settings(1).maxSequenceLength();

    @TempDir
    static Path artifacts;

    static ArtifactStore store;
    static ArtifactRef base;
    static ArtifactRef dataset;
    static ArtifactRef oneBatch;
    static ArtifactRef corpus;
    static List<TrainingExample> examples = TrainingFixtures.examples(16);

    @DynamicPropertySource
    static void artifactRoot(DynamicPropertyRegistry registry) {
        registry.add("leti.artifacts.root", artifacts::toString);
    }

    @BeforeAll
    static void writeArtifacts() {
        store = new DirectoryArtifactStore(artifacts);
        base = TrainingFixtures.BASE;
        dataset = TrainingFixtures.dataset(store, "datasets/run/iteration-1.jsonl", examples);
        oneBatch = TrainingFixtures.dataset(store, "datasets/run/one-batch.jsonl", examples.subList(0, 4));
        corpus = TrainingFixtures.corpus(store, "corpora/plain.jsonl");
    }

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    Received received;

    @LocalServerPort
    int port;

    @Test
    void aTrainingRequestYieldsACheckpointThatFitsTheTrainingTextBetterThanTheBase() throws Exception {
        TrainingRequest request = TrainingFixtures.request(UUID.randomUUID(), base, dataset, corpus.uri(), 2);

        send(request);

        TrainingResult result = received.awaitResult(request);
        assertThat(result.status()).isEqualTo(TrainingResult.Status.SUCCEEDED);
        assertThat(result.checkpoint().uri()).isEqualTo("artifact:checkpoints/" + request.runId() + "/iteration-1");
        // 16 sequences in batches of 4: 4 LeTI steps per epoch, 2 epochs, each followed by one plain-code step.
        assertThat(result.steps()).isEqualTo(16);
        assertThat(result.finalLoss()).isLessThan(result.initialLoss());
        assertThat(result.trainedTokens()).isPositive();
        List<TrainingProgress> progress = received.progressOf(request);
        assertThat(progress).extracting(TrainingProgress::step).containsExactly(4, 8, 12, 16);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.totalSteps()).isEqualTo(16);
            assertThat(p.loss()).isFinite().isPositive();
            assertThat(p.tokensPerSecond()).isPositive();
        });
        assertThat(lossOnTrainingText(Checkpoints.directory(store.get(result.checkpoint()))))
                .isLessThan(lossOnTrainingText(Checkpoints.builtin("leti-tiny")));
    }

    /** The settings for large models on one GPU, together: LoRA, gradient checkpointing, token-budget micro-batches. */
    @Test
    void aLoraJobPublishesAMergedCheckpointThatFitsTheTrainingTextBetter() throws Exception {
        TrainingSettings plain = TrainingFixtures.settings(2);
        TrainingSettings large = new TrainingSettings(plain.epochs(), plain.batchSize(), plain.gradientAccumulation(), 1e-2,
                0.0, plain.schedule(), plain.warmupSteps(), plain.maxGradNorm(), plain.maxSequenceLength(), false, 0,
                null, plain.seed(), 256, true, new TrainingSettings.Lora(8, 16.0,
                        List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")), null);
        TrainingRequest request = new TrainingRequest(UUID.randomUUID(), UUID.randomUUID(), 1, base, dataset,
                FeedbackMode.TEXTUAL, large);

        send(request);

        TrainingResult result = received.awaitResult(request);
        assertThat(result.status()).isEqualTo(TrainingResult.Status.SUCCEEDED);
        assertThat(result.finalLoss()).isLessThan(result.initialLoss());
        // Loading fails on any tensor the configuration does not name: the adapters were merged, not saved.
        assertThat(lossOnTrainingText(Checkpoints.directory(store.get(result.checkpoint()))))
                .isLessThan(lossOnTrainingText(Checkpoints.builtin("leti-tiny")));
    }

    @Test
    void aDuplicateRequestIsNotTrainedTwice() throws Exception {
        TrainingRequest request = TrainingFixtures.request(UUID.randomUUID(), base, oneBatch, corpus.uri(), 1);
        send(request);
        TrainingResult first = received.awaitResult(request);
        // one LeTI step: progress once, at the end
        await().atMost(Duration.ofSeconds(30)).until(() -> received.progressOf(request).size() == 1);

        send(request);
        // Requests are handled in order: once a later one is answered, the duplicate has been handled too.
        TrainingRequest later = missingCheckpointRequest();
        send(later);
        received.awaitResult(later);

        assertThat(received.resultsOf(request)).containsExactly(first);
        assertThat(received.progressOf(request)).hasSize(1);
        assertThat(artifacts.resolve("jobs").resolve(request.jobId().toString()).resolve("job.json")).exists();
    }

    @Test
    void aCancelledRunsJobStopsWithinSecondsAndPublishesNoResult() throws Exception {
        // 200 epochs of 4 steps: minutes of training, far longer than the test waits.
        TrainingRequest request = TrainingFixtures.request(UUID.randomUUID(), base, dataset, null, 200);
        send(request);
        await().atMost(Duration.ofMinutes(2)).until(() -> !received.progressOf(request).isEmpty());

        kafka.send(LetiTopics.RUN_CANCELLATIONS, request.runId().toString(),
                new RunCancelled(request.runId(), Instant.now())).get();

        // Within 10 s the training thread idles.
        ThreadActivity.awaitIdle("training-jobs", Duration.ofSeconds(10));
        // A later job runs (the service keeps serving) while the cancelled one never reports a result.
        TrainingRequest later = TrainingFixtures.request(UUID.randomUUID(), base, oneBatch, null, 1);
        send(later);
        assertThat(received.awaitResult(later).status()).isEqualTo(TrainingResult.Status.SUCCEEDED);
        assertThat(received.resultsOf(request)).isEmpty();
    }

    @Test
    void aRequestNamingAMissingCheckpointFailsAndTheServiceKeepsServing() throws Exception {
        TrainingRequest missing = missingCheckpointRequest();
        TrainingRequest fine = TrainingFixtures.request(UUID.randomUUID(), base, oneBatch, corpus.uri(), 1);

        send(missing);
        send(fine);

        TrainingResult failed = received.awaitResult(missing);
        assertThat(failed.status()).isEqualTo(TrainingResult.Status.FAILED);
        assertThat(failed.checkpoint()).isNull();
        assertThat(failed.error()).isEqualTo("artifact:checkpoints/nope: no such artifact");
        assertThat(received.awaitResult(fine).status()).isEqualTo(TrainingResult.Status.SUCCEEDED);
    }

    @Test
    void aBrokenDatasetLineIsReportedWithItsNumber() throws Exception {
        ArtifactRef broken = store.write("datasets/broken.jsonl", target -> Files.writeString(target,
                dev.leti.contracts.messaging.LetiJson.mapper().writeValueAsString(examples.get(0)) + "\n{\"sampleId\": 3}\n"));
        TrainingRequest request = TrainingFixtures.request(UUID.randomUUID(), base, broken, corpus.uri(), 1);

        send(request);

        TrainingResult result = received.awaitResult(request);
        assertThat(result.status()).isEqualTo(TrainingResult.Status.FAILED);
        assertThat(result.error()).startsWith("artifact:datasets/broken.jsonl line 2: not a training example");
    }

    @Test
    void infoReportsTheDeviceAndPrometheusListsTheTrainerMeters() throws Exception {
        assertThat(get("/actuator/info")).contains("\"device\":\"cpu\"");
        assertThat(get("/actuator/prometheus")).contains("leti_training_loss", "leti_training_tokens_total",
                "leti_training_tokens_per_second", "leti_training_step_duration_seconds", "leti_training_memory_rss_bytes",
                "leti_training_jobs_total{application=\"trainer-service\",status=\"succeeded\"}");
        assertThat(get("/readyz")).contains("UP");
    }

    private TrainingRequest missingCheckpointRequest() {
        return TrainingFixtures.request(UUID.randomUUID(), new ArtifactRef("artifact:checkpoints/nope", null), dataset,
                corpus.uri(), 1);
    }

    private void send(TrainingRequest request) throws Exception {
        kafka.send(LetiTopics.TRAINING_REQUESTS, request.runId().toString(), request).get();
    }

    /** Mean next-token loss of a checkpoint on the dataset's LeTI training text. */
    private static double lossOnTrainingText(CheckpointSource checkpoint) throws IOException {
        try (LanguageModel model = LanguageModel.load(checkpoint, ModelOptions.cpu())) {
            SequenceTruncation truncation = new SequenceTruncation(model.tokenizer());
            List<int[]> sequences = examples.stream()
                    .map(example -> LetiTextBuilder.build(example, FeedbackMode.TEXTUAL).orElseThrow())
                    .map(text -> truncation.fit(text, MAX_LENGTH)).flatMap(Optional::stream).toList();
            TrainingBatch batch = TrainingBatch.of(sequences, model.tokenizer().id(SpecialToken.PAD), MAX_LENGTH);
            try (TrainingSession session = TrainingSession.start(model,
                    new TrainingOptions(1e-3, 0.01, 0, 1, LearningRateSchedule.CONSTANT, 1.0))) {
                return session.evaluate(batch);
            }
        }
    }

    /** The body of a GET on this service; anything but a 2xx fails the test. */
    private String get(String path) {
        return RestClient.create("http://localhost:" + port).get().uri(path).retrieve().body(String.class);
    }

    /** What the trainer published, as the orchestrator would read it. */
    @TestConfiguration
    static class Received {

        final List<TrainingProgress> progress = new CopyOnWriteArrayList<>();
        final List<TrainingResult> results = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = LetiTopics.TRAINING_PROGRESS, groupId = "test-progress")
        void progress(TrainingProgress message) {
            progress.add(message);
        }

        @KafkaListener(topics = LetiTopics.TRAINING_RESULTS, groupId = "test-results")
        void result(TrainingResult message) {
            results.add(message);
        }

        List<TrainingProgress> progressOf(TrainingRequest request) {
            return progress.stream().filter(p -> p.jobId().equals(request.jobId())).toList();
        }

        List<TrainingResult> resultsOf(TrainingRequest request) {
            return results.stream().filter(r -> r.jobId().equals(request.jobId())).toList();
        }

        TrainingResult awaitResult(TrainingRequest request) {
            await().atMost(Duration.ofMinutes(5)).until(() -> !resultsOf(request).isEmpty());
            return resultsOf(request).get(0);
        }
    }
}
