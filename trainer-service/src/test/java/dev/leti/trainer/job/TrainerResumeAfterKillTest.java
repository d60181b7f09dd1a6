package dev.leti.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.spring.artifact.ArtifactStore;
import dev.leti.spring.artifact.DirectoryArtifactStore;
import dev.leti.spring.messaging.LetiMessageDeserializer;
import dev.leti.spring.messaging.LetiMessageSerializer;
import dev.leti.trainer.TrainerApplication;
import dev.leti.trainer.TrainingFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A trainer process killed with SIGKILL in the middle of a job, then started again, finishes
 * the job from its last resume point and publishes its result once. The trainer runs in child
 * JVMs, as it would in production, against a real broker.
 */
@EmbeddedKafka(partitions = 1, topics = {LetiTopics.TRAINING_REQUESTS, LetiTopics.TRAINING_PROGRESS, LetiTopics.TRAINING_RESULTS})
class TrainerResumeAfterKillTest {

    @TempDir
    Path artifacts;

    @Test
    void aKilledTrainerResumesTheJobFromItsLastResumePointAndCompletesItOnce(EmbeddedKafkaBroker broker) throws Exception {
        ArtifactStore store = new DirectoryArtifactStore(artifacts);
        // 24 sequences in batches of 4, 5 epochs: 30 LeTI steps, each with one step on the built-in plain-code corpus.
        TrainingRequest request = TrainingFixtures.request(UUID.randomUUID(),
                TrainingFixtures.BASE,
                TrainingFixtures.dataset(store, "datasets/kill.jsonl", TrainingFixtures.examples(24)), null, 5);
        Path resumeFile = artifacts.resolve("jobs").resolve(request.jobId().toString()).resolve("resume.json");

        try (Consumer<String, Object> consumer = consumer(broker)) {
            Process first = startTrainer(broker, "first");
            send(broker, request);
            await().atMost(Duration.ofMinutes(5)).until(() -> resumedAt(resumeFile) >= 6);
            first.destroyForcibly().waitFor();
            int resumePoint = resumedAt(resumeFile);

            Process second = startTrainer(broker, "second");
            List<Object> messages = new ArrayList<>();
            await().atMost(Duration.ofMinutes(5)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500)).forEach(record -> messages.add(record.value()));
                return messages.stream().anyMatch(TrainingResult.class::isInstance);
            });
            second.destroy();
            second.waitFor();
            KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(2)).forEach(record -> messages.add(record.value()));

            List<TrainingResult> results = messages.stream().filter(TrainingResult.class::isInstance)
                    .map(TrainingResult.class::cast).toList();
            assertThat(results).hasSize(1);
            assertThat(results.get(0).status()).isEqualTo(TrainingResult.Status.SUCCEEDED);
            assertThat(results.get(0).steps()).isEqualTo(60);
            assertThat(store.get(results.get(0).checkpoint())).isDirectory();
            List<Integer> steps = messages.stream().filter(TrainingProgress.class::isInstance)
                    .map(message -> ((TrainingProgress) message).step()).toList();
            // Progress after every LeTI step (2 optimizer steps): the second process went on from the
            // resume point, it did not start over at step 2.
            assertThat(steps).containsOnlyOnce(2).contains(2 * (resumePoint + 1), 60);
            assertThat(Files.readString(artifacts.resolve("second.log")))
                    .contains("resumes at LeTI step " + resumePoint + " of 30");
        }
    }

    private static int resumedAt(Path resumeFile) throws IOException {
        if (!Files.exists(resumeFile)) {
            return 0;
        }
        return LetiJson.mapper().readTree(Files.readString(resumeFile)).path("letiSteps").asInt();
    }

    private Process startTrainer(EmbeddedKafkaBroker broker, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", TrainerApplication.class.getName(),
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--leti.artifacts.root=" + artifacts, "--leti.kafka.partitions=1", "--server.port=0",
                "--leti.trainer.checkpoint-every-steps=3", "--leti.trainer.progress-every-steps=1");
        builder.environment().putAll(Map.of("OPT_OUT_TRACKING", "true", "DJL_OFFLINE", "true"));
        return builder.redirectErrorStream(true).redirectOutput(artifacts.resolve(name + ".log").toFile()).start();
    }

    private static void send(EmbeddedKafkaBroker broker, TrainingRequest request) throws Exception {
        var factory = new DefaultKafkaProducerFactory<String, Object>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new LetiMessageSerializer());
        try {
            new KafkaTemplate<>(factory).send(LetiTopics.TRAINING_REQUESTS, request.runId().toString(), request).get();
        } finally {
            factory.destroy();
        }
    }

    private static Consumer<String, Object> consumer(EmbeddedKafkaBroker broker) {
        Map<String, Object> properties = KafkaTestUtils.consumerProps(broker, "kill-test", false);
        properties.put("auto.offset.reset", "earliest");
        Consumer<String, Object> consumer = new DefaultKafkaConsumerFactory<String, Object>(properties,
                new StringDeserializer(), new LetiMessageDeserializer()).createConsumer();
        broker.consumeFromEmbeddedTopics(consumer, LetiTopics.TRAINING_PROGRESS, LetiTopics.TRAINING_RESULTS);
        return consumer;
    }
}
