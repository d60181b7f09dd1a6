package dev.leti.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.spring.messaging.LetiMessageDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The service over a real broker and the real namespace sandbox: samples in, results with
 * LeTI feedback out (keyed by sample id), a poison record parked on the dead-letter topic,
 * and the ad-hoc HTTP API with its problem details.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@EmbeddedKafka
class ExecutorServiceIntegrationTest {

    @Autowired
    KafkaTemplate<String, Object> template;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MockMvc mvc;

    @Test
    void samplesAreExecutedAndResultsPublishedKeyedBySampleIdEvenAfterAPoisonRecord() throws Exception {
        GeneratedSample failing = sample("def add(a, b):\n    return a - b\n");
        GeneratedSample passing = sample("def add(a, b):\n    return a + b\n");

        template.send(new ProducerRecord<>(LetiTopics.SAMPLES, "poison", "{not json".getBytes(StandardCharsets.UTF_8)))
                .get();
        template.send(LetiTopics.SAMPLES, failing.sampleId().toString(), failing).get();
        template.send(LetiTopics.SAMPLES, passing.sampleId().toString(), passing).get();

        Map<String, ExecutionResult> results = new ConcurrentHashMap<>();
        try (Consumer<String, Object> consumer = consumer(LetiTopics.EXECUTION_RESULTS, new LetiMessageDeserializer())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))
                        .forEach(r -> results.put(r.key(), (ExecutionResult) r.value()));
                return results.containsKey(failing.sampleId().toString())
                        && results.containsKey(passing.sampleId().toString());
            });
        }
        ExecutionResult failed = results.get(failing.sampleId().toString());
        assertThat(failed.report().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.report().exceptionType()).isEqualTo("AssertionError");
        assertThat(failed.report().feedback()).isEqualTo("""
                Traceback (most recent call last):
                  File "<program>", line 4, in <module>
                    assert add(2, 3) == 5
                AssertionError""");
        assertThat(failed.report().backend()).isEqualTo("process");
        assertThat(failed.runId()).isEqualTo(failing.runId());
        assertThat(results.get(passing.sampleId().toString()).report().outcome()).isEqualTo(Outcome.PASSED);
        try (Consumer<String, byte[]> dlt = consumer(LetiTopics.deadLetter(LetiTopics.SAMPLES),
                new ByteArrayDeserializer())) {
            assertThat(KafkaTestUtils.getSingleRecord(dlt, LetiTopics.deadLetter(LetiTopics.SAMPLES),
                    Duration.ofSeconds(30)).key()).isEqualTo("poison");
        }
    }

    @Test
    void adHocExecutionAnswersTheResultRecord() throws Exception {
        mvc.perform(post("/api/v1/executions").header("X-API-Key", "test-write-key").contentType(MediaType.APPLICATION_JSON).content("""
                        {"program": "def f(x):\\n    return x * 2\\n", "tests": "assert f(2) == 5",
                         "format": "MBPP", "timeoutSeconds": 5}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("FAILED"))
                .andExpect(jsonPath("$.exceptionType").value("AssertionError"))
                .andExpect(jsonPath("$.feedback").value("Traceback (most recent call last):\n"
                        + "  File \"<program>\", line 4, in <module>\n    assert f(2) == 5\nAssertionError"));
    }

    @Test
    void humanEvalFormTakesPromptAndEntryPoint() throws Exception {
        mvc.perform(post("/api/v1/executions").header("X-API-Key", "test-write-key").contentType(MediaType.APPLICATION_JSON).content("""
                        {"prompt": "def inc(x):\\n", "program": "    return x + 1\\n",
                         "tests": "def check(candidate):\\n    assert candidate(1) == 2\\n",
                         "format": "HUMANEVAL", "entryPoint": "inc"}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("PASSED"))
                .andExpect(jsonPath("$.feedback").value(""));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("missing program", "{\"tests\": \"\", \"format\": \"GENERIC\"}", "program"),
                Arguments.of("unknown format", "{\"program\": \"x = 1\", \"tests\": \"\", \"format\": \"COBOL\"}",
                        "format"),
                Arguments.of("HumanEval without entry point",
                        "{\"program\": \"pass\", \"tests\": \"\", \"format\": \"HUMANEVAL\"}", "entryPoint"),
                Arguments.of("negative timeout",
                        "{\"program\": \"pass\", \"tests\": \"\", \"format\": \"GENERIC\", \"timeoutSeconds\": -1}",
                        "timeoutSeconds"),
                Arguments.of("not JSON", "{program", "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIsAProblemDetail400NamingTheField(String why, String body, String field) throws Exception {
        mvc.perform(post("/api/v1/executions").header("X-API-Key", "test-write-key").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    @Test
    void executorMetersAreListedBeforeAnyWork() throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("leti_executions_total{application=\"executor-service\",backend=\"process\",outcome=\"TIMEOUT\"}"),
                        org.hamcrest.Matchers.containsString("leti_execution_duration_seconds_bucket"),
                        org.hamcrest.Matchers.containsString("leti_executor_pool_utilization"),
                        org.hamcrest.Matchers.containsString("leti_executor_queue_depth"))));
    }

    @Test
    void infoNamesHowTheSandboxLimitsProcessesAndMemory() throws Exception {
        mvc.perform(get("/actuator/info"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sandbox.backend").value("process"))
                .andExpect(jsonPath("$.sandbox.limits.processes").isString())
                .andExpect(jsonPath("$.sandbox.limits.memory").value(org.hamcrest.Matchers.endsWith("RLIMIT_AS")));
    }

    private static GeneratedSample sample(String completion) {
        UUID request = UUID.randomUUID();
        var task = new ExecutionTask(ProblemFormat.MBPP, "", "assert add(2, 3) == 5\nassert add(0, 0) == 0", "", "",
                null);
        return new GeneratedSample(GeneratedSample.idFor(request, "add", 0), request, UUID.randomUUID(), 1,
                SamplePurpose.TRAIN, "add", 0, "builtin:leti-tiny", "", completion, 5, 10, FinishReason.STOP, task,
                Instant.now());
    }

    private <V> Consumer<String, V> consumer(String topic, Deserializer<V> values) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Consumer<String, V> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), values)
                .createConsumer();
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
