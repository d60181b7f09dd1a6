package dev.leti.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.contracts.run.RunCancelled;
import dev.leti.spring.artifact.DirectoryArtifactStore;
import dev.leti.spring.testing.ThreadActivity;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The generator over a real broker with the real tiny model (shipped, and published as an
 * artifact): requests in, samples out, one message per sample as it finishes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "leti.kafka.partitions=2",
        "leti.generator.batch-size=16"})
@EmbeddedKafka
public class GeneratorServiceTest {

    public static final ExecutionTask TASK = new ExecutionTask(ProblemFormat.MBPP, "", "assert add(1, 2) == 3", "", "",
            ExecutionLimits.DEFAULT);

    @TempDir
    static Path artifacts;

    static String checkpointUri;

    @DynamicPropertySource
    static void artifactRoot(DynamicPropertyRegistry registry) {
        registry.add("leti.artifacts.root", artifacts::toString);
    }

    @BeforeAll
    static void writeCheckpoint() {
        checkpointUri = TinyCheckpoints.write(new DirectoryArtifactStore(artifacts),
                "checkpoints/test-run/iteration-0").uri();
    }

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    Received received;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void aRequestYieldsTheRequestedSamplesEachPublishedAsItsSequenceEnds() throws Exception {
        // The tiny model holds 512 positions: after a 501-byte prompt and the reward token, a
        // sample has room for 10 tokens; after the short prompt, for all 60 the request allows.
        String longPrompt = "\"\"\"\n" + "x".repeat(492) + "\n\"\"\"\n";
        GenerationRequest request = request(checkpointUri, 60, List.of(problem("short", 3),
                new ProblemToSample("long", longPrompt, 2, TASK)));

        kafka.send(LetiTopics.GENERATION_REQUESTS, request.runId().toString(), request).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> received.samplesOf(request).size() == 5);
        List<GeneratedSample> samples = received.samplesOf(request);
        assertThat(samples).extracting(GeneratedSample::sampleId).containsExactlyInAnyOrder(
                GeneratedSample.idFor(request.requestId(), "short", 0), GeneratedSample.idFor(request.requestId(), "short", 1),
                GeneratedSample.idFor(request.requestId(), "short", 2), GeneratedSample.idFor(request.requestId(), "long", 0),
                GeneratedSample.idFor(request.requestId(), "long", 1));
        assertThat(samples).allSatisfy(sample -> {
            assertThat(received.keys).containsEntry(sample.sampleId().toString(), sample.sampleId());
            assertThat(sample.checkpointUri()).isEqualTo(checkpointUri);
            // reward token + prompt bytes
            assertThat(sample.promptTokens()).isEqualTo(1 + sample.prompt().length());
            assertThat(sample.completionTokens()).isBetween(1, 60);
            assertThat(sample.execution()).isEqualTo(TASK);
        });
        List<GeneratedSample> roomForTen = samples.stream().filter(sample -> sample.problemId().equals("long")).toList();
        assertThat(roomForTen).allSatisfy(sample -> assertThat(sample.completionTokens()).isLessThanOrEqualTo(10));
        // Sampled in one batch, every sequence went out as it ended, not with the batch: those
        // that ended within 10 tokens were published before any that ran longer.
        Instant lastOfTheShort = samples.stream().filter(sample -> sample.completionTokens() <= 10)
                .map(GeneratedSample::generatedAt).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(samples).filteredOn(sample -> sample.completionTokens() > 10)
                .allSatisfy(sample -> assertThat(sample.generatedAt()).isAfter(lastOfTheShort));
    }

    @Test
    void stopSequencesEndASampleAndAreNotPartOfIt() throws Exception {
        // Every lower-case letter, digit, space and newline is a stop sequence: the first one
        // generated ends the sample.
        List<String> stops = "abcdefghijklmnopqrstuvwxyz0123456789 \n".chars().mapToObj(c -> String.valueOf((char) c)).toList();
        GenerationRequest request = new GenerationRequest(UUID.randomUUID(), UUID.randomUUID(), 1, SamplePurpose.EVAL,
                TinyCheckpoints.BUILTIN, RewardToken.NONE, new SamplingSettings(1.0, 1.0, 0, 200, 5L), stops,
                List.of(problem("p", 4)));

        kafka.send(LetiTopics.GENERATION_REQUESTS, request.runId().toString(), request).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> received.samplesOf(request).size() == 4);
        assertThat(received.samplesOf(request)).allSatisfy(sample -> {
            assertThat(sample.promptTokens()).isEqualTo(sample.prompt().length());
            if (sample.finishReason() == FinishReason.STOP) {
                assertThat(sample.completion()).matches("(?s)[^a-z0-9 \n]*");
            }
        });
        assertThat(received.samplesOf(request)).extracting(GeneratedSample::finishReason).contains(FinishReason.STOP);
    }

    @Test
    void aMissingOrCorruptCheckpointFailsTheRequestAndTheServiceKeepsServing() throws Exception {
        String corrupt = TinyCheckpoints.write(new DirectoryArtifactStore(artifacts),
                "checkpoints/test-run/corrupt").uri();
        Files.writeString(artifacts.resolve("checkpoints/test-run/corrupt/config.json"), "{}");
        GenerationRequest missing = request("artifact:checkpoints/test-run/nope", 4, List.of(problem("p", 2)));
        GenerationRequest broken = request(corrupt, 4, List.of(problem("p", 2)));
        GenerationRequest fine = request(checkpointUri, 4, List.of(problem("p", 2)));

        for (GenerationRequest request : List.of(missing, broken, fine)) {
            kafka.send(LetiTopics.GENERATION_REQUESTS, request.runId().toString(), request).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> received.samplesOf(fine).size() == 2
                && received.failureOf(missing) != null && received.failureOf(broken) != null);
        assertThat(received.failureOf(missing).reason()).contains("artifact:checkpoints/test-run/nope: no such artifact");
        assertThat(received.failureOf(broken).reason()).contains("corrupt artifact").contains("config.json");
        assertThat(received.samplesOf(missing)).isEmpty();
        assertThat(received.samplesOf(broken)).isEmpty();
    }

    @Test
    void aRequestIsCommittedOnceServedNotWhenQueuedAndAPoisonRecordBeforeItDoesNotHoldTheCommitBack() throws Exception {
        // 256 samples at batch size 16: sixteen batches, seconds of sampling after the first sample is out.
        GenerationRequest request = request(checkpointUri, 100, List.of(problem("p", 256)));
        String key = request.runId().toString();
        Map<String, Object> raw = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var producer = new KafkaProducer<>(raw, new StringSerializer(), new ByteArraySerializer())) {
            // Same key, same partition: the poison record sits just before the request.
            producer.send(new ProducerRecord<>(LetiTopics.GENERATION_REQUESTS, key, "not a request".getBytes())).get();
        }
        var sent = kafka.send(LetiTopics.GENERATION_REQUESTS, key, request).get().getRecordMetadata();
        TopicPartition partition = new TopicPartition(LetiTopics.GENERATION_REQUESTS, sent.partition());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !received.samplesOf(request).isEmpty());
            long whileSampling = committed(admin, partition);
            assertThat(received.samplesOf(request)).as("still sampling when the offset was read").hasSizeLessThan(256);
            assertThat(whileSampling).as("committed offset while the request is being served")
                    .isLessThanOrEqualTo(sent.offset());

            await().atMost(Duration.ofSeconds(120)).until(() -> received.samplesOf(request).size() == 256);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(committed(admin, partition)).as("committed offset once served").isEqualTo(sent.offset() + 1));
        }
    }

    private static long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("generator-service").partitionsToOffsetAndMetadata().get()
                .get(partition);
        return offset == null ? 0 : offset.offset();
    }

    @Test
    void aCancelledRunStopsWithinSecondsAndNothingMoreOfItIsPublished() throws Exception {
        // Eight requests of 16 samples: far more work than a few seconds of the tiny model.
        UUID run = UUID.randomUUID();
        for (int i = 0; i < 8; i++) {
            GenerationRequest request = new GenerationRequest(UUID.randomUUID(), run, 1, SamplePurpose.TRAIN,
                    TinyCheckpoints.BUILTIN, RewardToken.GOOD, new SamplingSettings(1.0, 1.0, 0, 120, (long) i), List.of(),
                    List.of(problem("p" + i, 16)));
            kafka.send(LetiTopics.GENERATION_REQUESTS, request.requestId().toString(), request).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> received.samplesOfRun(run) > 0);

        kafka.send(LetiTopics.RUN_CANCELLATIONS, run.toString(), new RunCancelled(run, Instant.now())).get();

        // Within 10 s the sampling thread idles and the queue is empty.
        ThreadActivity.awaitIdle("sampling-worker", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(2)).until(() -> meters.get("leti.generation.queue.depth").gauge().value() == 0);
        int published = received.samplesOfRun(run);
        assertThat(published).isLessThan(8 * 16);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> received.samplesOfRun(run) == published);
    }

    @Test
    void infoReportsTheDeviceAndPrometheusListsTheGeneratorMeters() throws Exception {
        assertThat(get("/actuator/info")).contains("\"device\":\"cpu\"");
        assertThat(get("/actuator/prometheus")).contains("leti_generation_tokens_total", "leti_generation_samples_total",
                "leti_generation_tokens_per_second", "leti_generation_batch_fill", "leti_generation_queue_depth",
                "leti_generation_model_load_seconds", "application=\"generator-service\"");
        assertThat(get("/livez")).contains("UP");
    }

    /** The body of a GET on this service; anything but a 2xx fails the test. */
    private String get(String path) {
        return RestClient.create("http://localhost:" + port).get().uri(path).retrieve().body(String.class);
    }

    static GenerationRequest request(String checkpoint, int maxNewTokens, List<ProblemToSample> problems) {
        return new GenerationRequest(UUID.randomUUID(), UUID.randomUUID(), 1, SamplePurpose.TRAIN, checkpoint,
                RewardToken.GOOD, new SamplingSettings(1.0, 1.0, 0, maxNewTokens, 42L), List.of(), problems);
    }

    static ProblemToSample problem(String id, int samples) {
        return new ProblemToSample(id, "\"\"\"\nAdd two numbers.\n\"\"\"\n", samples, TASK);
    }

    /** What the generator published, as the orchestrator and executor would read it. */
    @TestConfiguration
    static class Received {

        final List<GeneratedSample> samples = new CopyOnWriteArrayList<>();
        final List<GenerationFailed> failures = new CopyOnWriteArrayList<>();
        final Map<String, UUID> keys = new ConcurrentHashMap<>();

        @KafkaListener(topics = LetiTopics.SAMPLES, groupId = "test-samples")
        void sample(ConsumerRecord<String, GeneratedSample> record) {
            keys.put(record.key(), record.value().sampleId());
            samples.add(record.value());
        }

        @KafkaListener(topics = LetiTopics.GENERATION_FAILURES, groupId = "test-failures")
        void failure(GenerationFailed failure) {
            failures.add(failure);
        }

        int samplesOfRun(UUID run) {
            return (int) samples.stream().filter(sample -> sample.runId().equals(run)).count();
        }

        List<GeneratedSample> samplesOf(GenerationRequest request) {
            return samples.stream().filter(sample -> sample.requestId().equals(request.requestId())).toList();
        }

        GenerationFailed failureOf(GenerationRequest request) {
            return failures.stream().filter(failure -> failure.requestId().equals(request.requestId())).findFirst()
                    .orElse(null);
        }
    }
}
