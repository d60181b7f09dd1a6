package dev.leti.orchestrator.run;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.artifact.CheckpointReference;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.run.RunCancelled;
import dev.leti.orchestrator.OrchestratorMetrics;
import dev.leti.orchestrator.dataset.DatasetException;
import dev.leti.orchestrator.dataset.DatasetLoader;
import dev.leti.orchestrator.dataset.Problem;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.messaging.Outbox;
import dev.leti.orchestrator.sample.SampleView;
import dev.leti.spring.artifact.ArtifactStore;
import dev.leti.spring.limits.ExecutionMaxima;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Creating, reading and cancelling runs. */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final RunRepository runs;
    private final RunViews views;
    private final DatasetLoader datasets;
    private final RunStarter starter;
    private final ArtifactStore artifacts;
    private final Outbox outbox;
    private final OrchestratorMetrics metrics;
    private final ExecutionMaxima maxima;

    RunService(RunRepository runs, RunViews views, DatasetLoader datasets, RunStarter starter,
               ArtifactStore artifacts, Outbox outbox, OrchestratorMetrics metrics, ExecutionMaxima maxima) {
        this.runs = runs;
        this.views = views;
        this.datasets = datasets;
        this.starter = starter;
        this.artifacts = artifacts;
        this.outbox = outbox;
        this.metrics = metrics;
        this.maxima = maxima;
    }

    /**
     * Validates the spec, loads its problems, records the run and queues the base evaluation's
     * generation requests, all in one transaction.
     *
     * @throws InvalidInputException naming the offending field
     */
    @Transactional
    public RunView create(RunSpec requested) {
        return views.view(start(requested, null));
    }

    /** {@link #create(RunSpec)} as part of a comparison; runs in the caller's transaction. */
    @Transactional
    public RunRecord start(RunSpec requested, UUID comparisonId) {
        RunSpec spec = requested.withDefaults();
        checkRules(spec);
        Map<String, List<Problem>> problems = loadProblems(spec);
        UUID id = UUID.randomUUID();
        runs.insertRun(id, spec, comparisonId, Instant.now());
        problems.forEach((set, list) -> runs.insertProblems(id, set, list));
        RunRecord run = runs.find(id).orElseThrow();
        starter.start(run);
        log.info("run {} created: {} train problems, {} iterations, feedback {}", id,
                problems.get(ProblemSets.TRAIN).size(), spec.iterations(), spec.feedbackMode());
        return run;
    }

    public PageView<RunView.Summary> list(int page, int size, RunState state) {
        List<RunView.Summary> content = runs.page(page, size, state).stream().map(RunViews::summary).toList();
        return PageView.of(content, page, size, runs.count(state));
    }

    public RunView get(UUID id) {
        return views.view(find(id));
    }

    public PageView<SampleView> samples(UUID id, int iteration, Outcome outcome, SamplePurpose purpose, int page,
                                        int size) {
        find(id);
        return views.samples(id, iteration, outcome, purpose, page, size);
    }

    /**
     * Cancels a running run at whatever stage it is in: its unsent messages are dropped and every
     * worker is told ({@link RunCancelled}), so generators, executors and the trainer stop its work.
     */
    @Transactional
    public RunView cancel(UUID id) {
        RunRecord run = runs.lock(id).orElseThrow(() -> notFound(id));
        if (run.state().terminal()) {
            throw new ConflictException("run " + id + " is already " + run.state());
        }
        runs.iteration(id, run.currentIteration()).ifPresent(it -> runs.finishStage(id, it.number(), it.stage()));
        runs.finish(id, RunState.CANCELLED, null);
        outbox.discardPending(id);
        outbox.enqueue(id, id.toString(), new RunCancelled(id, Instant.now()));
        metrics.runFinished(RunState.CANCELLED);
        log.info("run {} cancelled", id);
        return views.view(runs.find(id).orElseThrow());
    }

    private RunRecord find(UUID id) {
        return runs.find(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("no run " + id);
    }

    /**
     * The base checkpoint must exist where the services will look: an artifact in the store, or a
     * model directory on the models volume, which the orchestrator mounts at the same path as the
     * generator and the trainer, so a typo is a 400 here instead of a failed iteration later.
     */
    private void checkCheckpoint(String checkpoint) {
        CheckpointReference reference;
        try {
            reference = CheckpointReference.parse(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("baseCheckpoint", e.getMessage());
        }
        if (reference instanceof CheckpointReference.Artifact artifact && !artifacts.exists(artifact.uri())) {
            throw new InvalidInputException("baseCheckpoint", "no checkpoint artifact " + artifact.uri());
        }
        if (reference instanceof CheckpointReference.Directory directory) {
            List<String> problems = directory.problems();
            if (!problems.isEmpty()) {
                throw new InvalidInputException("baseCheckpoint", checkpoint + " is not a readable model directory: "
                        + String.join("; ", problems) + " (the orchestrator, generator and trainer must mount the"
                        + " models volume at the same path)");
            }
            checkConfigJson(directory);
        }
    }

    private static void checkConfigJson(CheckpointReference.Directory directory) {
        Path config = directory.path().resolve(CheckpointReference.Directory.CONFIG_FILE);
        try {
            JsonNode json = LetiJson.mapper().readTree(Files.readString(config));
            if (!json.isObject() || !json.path("model_type").isString()) {
                throw new InvalidInputException("baseCheckpoint", config + " has no model_type");
            }
        } catch (IOException | JacksonException e) {
            throw new InvalidInputException("baseCheckpoint", config + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The spec's rules across fields, limits within the server's maxima, and a base checkpoint that exists. */
    private void checkRules(RunSpec spec) {
        checkCheckpoint(spec.baseCheckpoint());
        RunSpecRules.check(spec);
        spec.execution().limits().exceeding(maxima.limits()).entrySet().stream().findFirst().ifPresent(exceeded -> {
            throw new InvalidInputException("execution." + exceeded.getKey(), exceeded.getValue());
        });
    }

    /** Problem sets by name: the train split, the held-out split, the extra evaluation sets. */
    private Map<String, List<Problem>> loadProblems(RunSpec spec) {
        Map<String, List<Problem>> sets = new LinkedHashMap<>();
        RunSpec.DatasetSpec dataset = spec.dataset();
        sets.put(ProblemSets.TRAIN, load("dataset", dataset.reference(), dataset.format(), "trainSplit",
                dataset.trainSplit(), dataset.maxTrainProblems()));
        sets.put(dataset.evalSplit(), load("dataset", dataset.reference(), dataset.format(), "evalSplit",
                dataset.evalSplit(), dataset.maxEvalProblems()));
        var extras = spec.evaluation().extraDatasets();
        for (int i = 0; i < extras.size(); i++) {
            var extra = extras.get(i);
            sets.put(extra.name(), load("evaluation.extraDatasets[" + i + "]", extra.reference(), extra.format(),
                    "split", extra.split(), extra.maxProblems()));
        }
        return sets;
    }

    private List<Problem> load(String prefix, String reference, dev.leti.contracts.ProblemFormat format,
                               String splitField, String split, Integer limit) {
        try {
            return datasets.load(reference, format, split, limit);
        } catch (DatasetException e) {
            throw new InvalidInputException(prefix + "." + (e.aboutSplit() ? splitField : "reference"),
                    e.getMessage());
        }
    }
}
