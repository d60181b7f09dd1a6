package dev.leti.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.orchestrator.FakeWorkers;
import dev.leti.orchestrator.Fixtures;
import dev.leti.orchestrator.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * What the orchestrator does with the messages the other services send, over the real broker.
 * Full context: the Kafka listener container, its deserialiser and dead-letter path are the subject.
 */
class MessagingTest extends IntegrationTest {

    @Autowired
    KafkaTemplate<Object, Object> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void aSampleAndAnExecutionResultDeliveredTwiceAreStoredOnce() throws Exception {
        UUID run = createRun(Fixtures.spec(FakeWorkers.HOLD));
        GeneratedSample sample = sample(run);
        ExecutionResult result = new ExecutionResult(sample.sampleId(), run, 0, SamplePurpose.EVAL, "test/11", new ExecutionReport(Outcome.ERROR, "NameError", "NameError: name 'y' is not defined", "", "", false, false, 30,
                "process"), Instant.now());

        for (int delivery = 0; delivery < 2; delivery++) {
            kafka.send(LetiTopics.SAMPLES, sample.sampleId().toString(), sample).get();
            kafka.send(LetiTopics.EXECUTION_RESULTS, sample.sampleId().toString(), result).get();
        }
        // A marker sent after the duplicates: once it is stored, both duplicates were processed.
        GeneratedSample marker = sample(run);
        kafka.send(LetiTopics.SAMPLES, marker.sampleId().toString(), marker).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("samples", run) == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("execution_results", run) == 1);

        assertThat(count("samples", run)).isEqualTo(2);
        assertThat(count("execution_results", run)).isEqualTo(1);
        var samples = get("/api/v1/runs/" + run + "/iterations/0/samples?outcome=ERROR").body();
        assertThat(samples.get("totalElements").asInt()).isEqualTo(1);
        assertThat(samples.at("/content/0/feedback").asString()).contains("NameError");
        assertThat(samples.at("/content/0/evalSet").asString()).isEqualTo("test");
        assertThat(samples.at("/content/0/problemId").asString()).isEqualTo("11");
        assertThat(run(run).at("/iterations/0/evaluation/exceptionTypes/NameError").asInt()).isEqualTo(1);
        post("/api/v1/runs/" + run + "/cancel", null);
    }

    @Test
    void aSampleWhoseTextHoldsNulCharactersIsStillRecorded() throws Exception {
        UUID run = createRun(Fixtures.spec(FakeWorkers.HOLD));
        GeneratedSample plain = sample(run);
        GeneratedSample withNul = new GeneratedSample(plain.sampleId(), plain.requestId(), run, 0, plain.purpose(),
                plain.problemId(), 0, plain.checkpointUri(), plain.prompt(), "def f(x):\n    return x\u0000\n",
                9, 12, FinishReason.STOP, plain.execution(), plain.generatedAt());
        ExecutionResult result = new ExecutionResult(withNul.sampleId(), run, 0, SamplePurpose.EVAL, "test/11", new ExecutionReport(Outcome.ERROR, "SyntaxError", "SyntaxError: source code cannot contain null bytes", "a\u0000b", "",
                false, false, 30, "process"), Instant.now());

        kafka.send(LetiTopics.SAMPLES, withNul.sampleId().toString(), withNul).get();
        kafka.send(LetiTopics.EXECUTION_RESULTS, withNul.sampleId().toString(), result).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("execution_results", run) == 1);
        assertThat(jdbc.sql("select completion from samples where run_id = :run").param("run", run)
                .query(String.class).single()).isEqualTo("def f(x):\n    return x\uFFFD\n");
        post("/api/v1/runs/" + run + "/cancel", null);
    }

    @Test
    void aMalformedRecordLandsOnTheDeadLetterTopicAndConsumptionContinues() throws Exception {
        UUID run = createRun(Fixtures.spec(FakeWorkers.HOLD));
        String poisonKey = "poison-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(LetiTopics.SAMPLES, poisonKey,
                    "{\"sampleId\": 42, not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        GeneratedSample after = sample(run);
        kafka.send(LetiTopics.SAMPLES, after.sampleId().toString(), after).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("samples", run) == 1);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(LetiTopics.deadLetter(LetiTopics.SAMPLES)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && poisonKey.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        return true;
                    }
                }
                return false;
            });
        }
        post("/api/v1/runs/" + run + "/cancel", null);
    }

    @Test
    void messagesOfUnknownRunsAreIgnored() throws Exception {
        UUID run = createRun(Fixtures.spec(FakeWorkers.HOLD));
        GeneratedSample stranger = sample(UUID.randomUUID());
        kafka.send(LetiTopics.SAMPLES, stranger.sampleId().toString(), stranger).get();
        GeneratedSample known = sample(run);
        kafka.send(LetiTopics.SAMPLES, known.sampleId().toString(), known).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("samples", run) == 1);
        assertThat(jdbc.sql("select count(*) from samples where sample_id = :id").param("id", stranger.sampleId())
                .query(Long.class).single()).isZero();
        post("/api/v1/runs/" + run + "/cancel", null);
    }

    @Test
    void deadLettersAreCountedAndAReplayDeliversThemOnce() throws Exception {
        UUID run = createRun(Fixtures.spec(FakeWorkers.HOLD));
        // A sample parked on the dead-letter topic, as if its first delivery had failed for a cause since fixed.
        GeneratedSample parked = sample(run);
        kafka.send(LetiTopics.deadLetter(LetiTopics.SAMPLES), parked.sampleId().toString(), parked).get();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/v1/dead-letters").body().get(LetiTopics.SAMPLES).asLong() >= 1);
        assertThat(count("samples", run)).isZero();

        Response replay = post("/api/v1/dead-letters/" + LetiTopics.SAMPLES + "/replay", null);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().get("replayed").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("samples", run) == 1);
        assertThat(post("/api/v1/dead-letters/no-such-topic/replay", null).status()).isEqualTo(400);
        assertThat(get("/actuator/prometheus").text()).contains("leti_dead_letters{");
        post("/api/v1/runs/" + run + "/cancel", null);
    }

    @Test
    void cancellingARunTellsEveryWorker() throws Exception {
        UUID run = createRun(Fixtures.spec(FakeWorkers.HOLD));

        post("/api/v1/runs/" + run + "/cancel", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> workers.cancellations.stream()
                .anyMatch(message -> message.runId().equals(run)));
    }

    private static GeneratedSample sample(UUID run) {
        UUID request = UUID.randomUUID();
        return new GeneratedSample(GeneratedSample.idFor(request, "test/11", 0), request, run, 0, SamplePurpose.EVAL,
                "test/11", 0, FakeWorkers.HOLD, "\"\"\"\nmul\n\"\"\"\n", "def mul_0(x):\n    return y\n", 9, 12,
                FinishReason.STOP, new ExecutionTask(ProblemFormat.MBPP, "", "assert mul_0(2) == 0", "", "", null),
                Instant.now());
    }

    private long count(String table, UUID run) {
        return jdbc.sql("select count(*) from " + table + " where run_id = :run").param("run", run)
                .query(Long.class).single();
    }
}
