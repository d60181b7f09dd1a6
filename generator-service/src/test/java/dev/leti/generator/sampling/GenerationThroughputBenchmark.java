package dev.leti.generator.sampling;

import static org.awaitility.Awaitility.await;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.generator.GeneratorServiceTest;
import dev.leti.generator.TinyCheckpoints;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.GenerationResult;
import dev.leti.model.sampling.Sampler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Throughput of the generator end to end (requests in over Kafka, every sample out over Kafka)
 * against the model's own batched sampling, same checkpoint, same batch size, same settings, in
 * one JVM, one after the other, on the shipped tiny model. Prints tokens/s of both and their ratio (docs/benchmarks.md).
 * Run: {@code ./mvnw -q -pl generator-service test -Pslow -Dtest=GenerationThroughputBenchmark}.
 */
@Tag("slow")
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "leti.kafka.partitions=2",
        "leti.generator.batch-size=" + GenerationThroughputBenchmark.BATCH})
@EmbeddedKafka
class GenerationThroughputBenchmark {

    static final int BATCH = 16;
    static final int BATCHES = 4;
    static final int NEW_TOKENS = 128;
    static final int ROUNDS = 5;
    static final String PROMPT = "\"\"\"\nWrite a function to find the maximum of three numbers.\nassert max_of_three(1, 5, 3) == 5\n\"\"\"\n";

    static final String CHECKPOINT = TinyCheckpoints.BUILTIN;

    @TempDir
    static Path artifacts;

    @DynamicPropertySource
    static void artifactRoot(DynamicPropertyRegistry registry) {
        registry.add("leti.artifacts.root", artifacts::toString);
    }

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    Received received;

    /** Both paths once before measuring: loads the checkpoint into the service, warms up the JIT. */
    @BeforeEach
    void warmUp() throws Exception {
        directTokensPerSecond(requests(0));
        endToEndTokensPerSecond(requests(0));
    }

    @Test
    void endToEndThroughputAgainstTheModelsOwnSampling() throws Exception {
        // Rounds alternate the two so that load from other processes on the machine hits both alike.
        List<Double> direct = new ArrayList<>();
        List<Double> endToEnd = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            List<GenerationRequest> requests = requests(round);
            direct.add(directTokensPerSecond(requests));
            endToEnd.add(endToEndTokensPerSecond(requests));
        }
        System.out.printf("%nBENCH generator throughput, batch %d, %d batches of %d new tokens (temperature 1), %s%n"
                        + "BENCH   model sampling (Sampler.generate), tokens/s per round: %s, median %.0f%n"
                        + "BENCH   generator service end to end,      tokens/s per round: %s, median %.0f%n"
                        + "BENCH   end to end / model: %.0f%% (medians)%n",
                BATCH, BATCHES, NEW_TOKENS, CHECKPOINT, rounded(direct), median(direct), rounded(endToEnd),
                median(endToEnd), 100 * median(endToEnd) / median(direct));
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Samples each request's sequences as one batch, with the seeds the service gives them: the same work. */
    private double directTokensPerSecond(List<GenerationRequest> requests) throws Exception {
        try (LanguageModel model = LanguageModel.load(CHECKPOINT, ModelOptions.cpu())) {
            Sampler sampler = new Sampler(model);
            long tokens = 0;
            long started = System.nanoTime();
            for (GenerationRequest request : requests) {
                ProblemToSample problem = request.problems().get(0);
                List<GenerationInput> inputs = IntStream.range(0, BATCH).mapToObj(i -> new SampleTask(request, problem, i))
                        .map(task -> new GenerationInput(model.tokenizer().encodePrompt(request.rewardToken().text(), problem.prompt()),
                                WireToModel.sampling(request), task.seed())).toList();
                tokens += sampler.generate(inputs).stream().mapToLong(GenerationResult::completionTokens).sum();
            }
            return tokens / ((System.nanoTime() - started) / 1e9);
        }
    }

    private double endToEndTokensPerSecond(List<GenerationRequest> requests) throws Exception {
        received.samples.clear();
        long started = System.nanoTime();
        for (GenerationRequest request : requests) {
            send(request);
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> received.samples.size() == BATCH * BATCHES);
        double seconds = (System.nanoTime() - started) / 1e9;
        return received.samples.stream().mapToLong(GeneratedSample::completionTokens).sum() / seconds;
    }

    /** One request of BATCH samples per batch, with ids fixed by round and batch, so both paths get the same. */
    private static List<GenerationRequest> requests(int round) {
        return IntStream.range(0, BATCHES).mapToObj(batch -> new GenerationRequest(
                UUID.nameUUIDFromBytes(("bench/" + round + "/" + batch).getBytes(StandardCharsets.UTF_8)),
                UUID.randomUUID(), 1, SamplePurpose.TRAIN, CHECKPOINT, RewardToken.GOOD,
                new SamplingSettings(1.0, 1.0, 0, NEW_TOKENS, (long) (round * BATCHES + batch)), List.of(),
                List.of(new ProblemToSample("max_of_three", PROMPT, BATCH, GeneratorServiceTest.TASK)))).toList();
    }

    private void send(GenerationRequest request) throws Exception {
        kafka.send(LetiTopics.GENERATION_REQUESTS, request.runId().toString(), request).get();
    }

    @TestConfiguration
    static class Received {

        final List<GeneratedSample> samples = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = LetiTopics.SAMPLES, groupId = "bench-samples")
        void sample(GeneratedSample sample) {
            samples.add(sample);
        }
    }
}
