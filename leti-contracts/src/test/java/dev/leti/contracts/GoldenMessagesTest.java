package dev.leti.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.messaging.MessageType;
import dev.leti.contracts.run.RunCancelled;
import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import dev.leti.contracts.training.TrainingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Every message has a golden JSON fixture under {@code golden/}. A change that renames,
 * retypes or drops a field breaks the wire format for running services and fails here:
 * such a change needs a new topic version, not an edited fixture.
 */
class GoldenMessagesTest {

    static final UUID RUN = UUID.fromString("6f1c1f57-3f0e-4d1a-9a57-0d6a0c3e2b11");
    static final UUID REQUEST = UUID.fromString("0b8a1d0e-5a47-4c2e-8f8e-6d1c5a9e7f22");
    static final UUID JOB = UUID.fromString("c2d7a8e4-1b3f-4a5e-9c6d-7e8f9a0b1c33");
    static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");
    static final ExecutionTask MBPP_TASK = new ExecutionTask(ProblemFormat.MBPP, "",
            "assert add(2, 3) == 5\nassert add(0, 0) == 0", "", "", ExecutionLimits.DEFAULT);
    static final UUID SAMPLE = GeneratedSample.idFor(REQUEST, "add", 0);
    static final TrainingSettings SETTINGS = new TrainingSettings(3, 16, 2, 1e-4, 0.01,
            LearningRateSchedule.CONSTANT, 10, 1.0, 512, true, 1, null, 7L, 4096, false,
            new TrainingSettings.Lora(8, 16.0, List.of("q_proj", "v_proj")), new TrainingSettings.AdamW(0.9, 0.999));

    static final Map<MessageType, Record> EXAMPLES = Map.of(
            MessageType.GENERATION_REQUEST, new GenerationRequest(REQUEST, RUN, 1, SamplePurpose.TRAIN,
                    "builtin:leti-tiny", RewardToken.GOOD,
                    new SamplingSettings(1.0, 1.0, 0, 256, 42L), List.of("\ndef ", "\nclass "),
                    List.of(new ProblemToSample("add", "\"\"\"Add two numbers.\"\"\"\n", 2, MBPP_TASK))),
            MessageType.GENERATED_SAMPLE, new GeneratedSample(SAMPLE, REQUEST, RUN, 1, SamplePurpose.TRAIN,
                    "add", 0, "builtin:leti-tiny", "\"\"\"Add two numbers.\"\"\"\n",
                    "def add(a, b):\n    return a + b\n", 12, 14, FinishReason.STOP, MBPP_TASK, AT),
            MessageType.GENERATION_FAILED, new GenerationFailed(REQUEST, RUN, 1,
                    "checkpoint artifact:checkpoints/missing not found", AT),
            MessageType.EXECUTION_RESULT, new ExecutionResult(SAMPLE, RUN, 1, SamplePurpose.TRAIN, "add",
                    new ExecutionReport(Outcome.FAILED, "AssertionError",
                    "Traceback (most recent call last):\n  File \"<program>\", line 4, in <module>\n"
                            + "    assert add(2, 3) == 5\nAssertionError",
                    "", "", false, false, 31, "process"), AT),
            MessageType.TRAINING_REQUEST, new TrainingRequest(JOB, RUN, 1,
                    new ArtifactRef("builtin:leti-tiny", null),
                    new ArtifactRef("artifact:datasets/" + RUN + "/iteration-1.jsonl",
                            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                    FeedbackMode.TEXTUAL, SETTINGS),
            MessageType.TRAINING_PROGRESS, new TrainingProgress(JOB, RUN, 1, 20, 120, 1.875, 15234.5, AT),
            MessageType.TRAINING_RESULT, new TrainingResult(JOB, RUN, 1, TrainingResult.Status.SUCCEEDED,
                    new ArtifactRef("artifact:checkpoints/" + RUN + "/iteration-1",
                            "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
                    120, 2.31, 1.42, 245760, 61000, null, AT),
            MessageType.RUN_CANCELLED, new RunCancelled(RUN, AT));

    static Stream<Arguments> messages() {
        return Stream.of(MessageType.values()).map(type -> Arguments.of(type, EXAMPLES.get(type)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void messageMatchesItsGoldenJson(MessageType type, Record example) throws Exception {
        assertThat(example).as("an example for every message type").isNotNull();
        String golden = readGolden(type.typeId());

        JSONAssert.assertEquals(golden, LetiJson.mapper().writeValueAsString(example), JSONCompareMode.STRICT);
        assertThat(LetiJson.mapper().readValue(golden, type.recordClass())).isEqualTo(example);
    }

    @Test
    void trainingExampleLineMatchesItsGoldenJson() throws Exception {
        var example = new TrainingExample(SAMPLE, "add", "\"\"\"Add two numbers.\"\"\"\n",
                "def add(a, b):\n    return a - b\n", Outcome.FAILED, "AssertionError");
        String golden = readGolden("training-example");

        JSONAssert.assertEquals(golden, LetiJson.mapper().writeValueAsString(example), JSONCompareMode.STRICT);
        assertThat(LetiJson.mapper().readValue(golden, TrainingExample.class)).isEqualTo(example);
    }

    @Test
    void everyTopicCarriesExactlyOneMessageType() {
        assertThat(Stream.of(MessageType.values()).map(MessageType::topic))
                .containsExactlyInAnyOrderElementsOf(LetiTopics.ALL);
        assertThat(LetiTopics.ALL).allMatch(t -> t.matches("leti\\.[a-z-]+\\.v\\d+"));
    }

    @Test
    void sampleIdsAreDeterministic() {
        assertThat(GeneratedSample.idFor(REQUEST, "add", 0)).isEqualTo(SAMPLE);
        assertThat(GeneratedSample.idFor(REQUEST, "add", 1)).isNotEqualTo(SAMPLE);
    }

    private static String readGolden(String name) throws IOException {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/" + name + ".json")) {
            assertThat(in).as("golden/%s.json", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
