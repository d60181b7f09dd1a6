package dev.leti.contracts;

import java.util.List;

/**
 * Every Kafka topic of the suite, in one place. A topic's name carries the version of its
 * contract: an incompatible change to a message gets a new topic, never a silent reuse.
 * Each topic has a dead-letter twin ({@link #deadLetter(String)}) for records that cannot
 * be read or processed.
 */
public final class LetiTopics {

    /** Orchestrator to generator: sample programs for problems ({@code GenerationRequest}). */
    public static final String GENERATION_REQUESTS = "leti.generation-requests.v1";
    /** Generator to executor and orchestrator: one sampled program ({@code GeneratedSample}). */
    public static final String SAMPLES = "leti.samples.v1";
    /** Generator to orchestrator: a request that could not be served ({@code GenerationFailed}). */
    public static final String GENERATION_FAILURES = "leti.generation-failures.v1";
    /** Executor to orchestrator: outcome and LeTI feedback of one sample ({@code ExecutionResult}). */
    public static final String EXECUTION_RESULTS = "leti.execution-results.v1";
    /** Orchestrator to trainer: fine-tune a checkpoint on a dataset artifact ({@code TrainingRequest}). */
    public static final String TRAINING_REQUESTS = "leti.training-requests.v1";
    /** Trainer to orchestrator: step, loss, throughput ({@code TrainingProgress}). */
    public static final String TRAINING_PROGRESS = "leti.training-progress.v1";
    /** Trainer to orchestrator: the new checkpoint or the reason there is none ({@code TrainingResult}). */
    public static final String TRAINING_RESULTS = "leti.training-results.v1";

    /** Orchestrator to every worker instance: a run was cancelled ({@code RunCancelled}). */
    public static final String RUN_CANCELLATIONS = "leti.run-cancellations.v1";

    /** Suffix of the dead-letter topic of every topic above. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public static final List<String> ALL = List.of(
            GENERATION_REQUESTS, SAMPLES, GENERATION_FAILURES, EXECUTION_RESULTS,
            TRAINING_REQUESTS, TRAINING_PROGRESS, TRAINING_RESULTS, RUN_CANCELLATIONS);

    private LetiTopics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
