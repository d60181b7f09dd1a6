package dev.leti.contracts.messaging;

import dev.leti.contracts.LetiTopics;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.run.RunCancelled;
import dev.leti.contracts.training.TrainingProgress;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingResult;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every message of the suite: its logical type id (written to the {@code __TypeId__}
 * header, never a Java class name), the topic it travels on, and its record class.
 */
public enum MessageType {
    GENERATION_REQUEST("generation-request", LetiTopics.GENERATION_REQUESTS, GenerationRequest.class),
    GENERATED_SAMPLE("generated-sample", LetiTopics.SAMPLES, GeneratedSample.class),
    GENERATION_FAILED("generation-failed", LetiTopics.GENERATION_FAILURES, GenerationFailed.class),
    EXECUTION_RESULT("execution-result", LetiTopics.EXECUTION_RESULTS, ExecutionResult.class),
    TRAINING_REQUEST("training-request", LetiTopics.TRAINING_REQUESTS, TrainingRequest.class),
    TRAINING_PROGRESS("training-progress", LetiTopics.TRAINING_PROGRESS, TrainingProgress.class),
    TRAINING_RESULT("training-result", LetiTopics.TRAINING_RESULTS, TrainingResult.class),
    RUN_CANCELLED("run-cancelled", LetiTopics.RUN_CANCELLATIONS, RunCancelled.class);

    private final String typeId;
    private final String topic;
    private final Class<? extends Record> recordClass;

    MessageType(String typeId, String topic, Class<? extends Record> recordClass) {
        this.typeId = typeId;
        this.topic = topic;
        this.recordClass = recordClass;
    }

    public String typeId() {
        return typeId;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Record> recordClass() {
        return recordClass;
    }

    public static Optional<MessageType> byTypeId(String typeId) {
        return Arrays.stream(values()).filter(t -> t.typeId.equals(typeId)).findFirst();
    }

    public static Optional<MessageType> byTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).findFirst();
    }

    public static Optional<MessageType> byRecordClass(Class<?> recordClass) {
        return Arrays.stream(values()).filter(t -> t.recordClass.equals(recordClass)).findFirst();
    }
}
