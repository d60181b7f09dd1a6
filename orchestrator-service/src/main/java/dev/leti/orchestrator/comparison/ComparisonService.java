package dev.leti.orchestrator.comparison;

import dev.leti.contracts.FeedbackMode;
import dev.leti.orchestrator.comparison.ComparisonRepository.ComparisonRecord;
import dev.leti.orchestrator.comparison.ComparisonView.PassAtKRow;
import dev.leti.orchestrator.comparison.ComparisonView.RunEntry;
import dev.leti.orchestrator.comparison.ComparisonView.TrainRow;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.run.InvalidInputException;
import dev.leti.orchestrator.run.NotFoundException;
import dev.leti.orchestrator.run.RunRecord;
import dev.leti.orchestrator.run.RunRepository;
import dev.leti.orchestrator.run.RunService;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.sample.SampleRepository;
import dev.leti.orchestrator.sample.SampleRepository.RunPassAtK;
import dev.leti.orchestrator.sample.SampleRepository.RunTrainSuccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Starts and reports feedback-mode comparisons. */
@Service
public class ComparisonService {

    private final ComparisonRepository comparisons;
    private final RunService runService;
    private final RunRepository runs;
    private final SampleRepository samples;

    ComparisonService(ComparisonRepository comparisons, RunService runService, RunRepository runs,
                      SampleRepository samples) {
        this.comparisons = comparisons;
        this.runService = runService;
        this.runs = runs;
        this.samples = samples;
    }

    /**
     * One run per mode, all in one transaction: either every run starts or none. The first
     * (member 0) samples the base evaluation and iteration 1's training programs for all of
     * them (see {@code SharedStages}).
     */
    @Transactional
    public ComparisonView create(ComparisonSpec request) {
        List<FeedbackMode> modes = request.modesOrDefault();
        if (new HashSet<>(modes).size() != modes.size()) {
            throw new InvalidInputException("feedbackModes", "each feedback mode at most once");
        }
        RunSpec spec = request.runOrDefault().withDefaults();
        UUID id = UUID.randomUUID();
        comparisons.insert(id, spec, Instant.now());
        for (FeedbackMode mode : modes) {
            String name = (spec.name() == null ? "comparison " + id : spec.name()) + " / " + mode;
            RunSpec member = spec.withFeedbackMode(mode);
            runService.start(new RunSpec(name, member.baseCheckpoint(), member.dataset(), member.iterations(),
                    member.samplesPerProblem(), member.sampling(), mode, member.training(), member.evaluation(),
                    member.execution()), id);
        }
        return get(id);
    }

    public ComparisonView get(UUID id) {
        ComparisonRecord comparison = comparisons.find(id)
                .orElseThrow(() -> new NotFoundException("no comparison " + id));
        List<RunRecord> members = runs.ofComparison(id);
        Map<UUID, FeedbackMode> modeOf = new LinkedHashMap<>();
        List<RunEntry> entries = new ArrayList<>();
        for (RunRecord run : members) {
            modeOf.put(run.id(), run.spec().feedbackMode());
            entries.add(new RunEntry(run.spec().feedbackMode(), run.id(), run.state(), run.currentIteration(),
                    run.currentStage(), run.failureReason()));
        }
        return new ComparisonView(id, comparison.createdAt(), state(members), comparison.spec(), entries,
                passAtK(id, modeOf), train(id, modeOf));
    }

    private static RunState state(List<RunRecord> members) {
        if (members.stream().anyMatch(r -> r.state() == RunState.RUNNING)) {
            return RunState.RUNNING;
        }
        if (members.stream().allMatch(r -> r.state() == RunState.SUCCEEDED)) {
            return RunState.SUCCEEDED;
        }
        return members.stream().anyMatch(r -> r.state() == RunState.FAILED) ? RunState.FAILED : RunState.CANCELLED;
    }

    private List<PassAtKRow> passAtK(UUID id, Map<UUID, FeedbackMode> modeOf) {
        Map<String, PassAtKRow> rows = new LinkedHashMap<>();
        for (RunPassAtK row : samples.comparisonPassAtK(id)) {
            rows.computeIfAbsent(row.iteration() + "/" + row.split() + "/" + row.k(), key ->
                            new PassAtKRow(row.iteration(), row.split(), row.k(), new EnumMap<>(FeedbackMode.class)))
                    .passAtK().put(modeOf.get(row.runId()), row.passAtK());
        }
        return List.copyOf(rows.values());
    }

    private List<TrainRow> train(UUID id, Map<UUID, FeedbackMode> modeOf) {
        Map<Integer, TrainRow> rows = new LinkedHashMap<>();
        for (RunTrainSuccess row : samples.comparisonTrainSuccess(id)) {
            rows.computeIfAbsent(row.iteration(), i -> new TrainRow(i, new EnumMap<>(FeedbackMode.class)))
                    .successRate().put(modeOf.get(row.runId()), row.rate());
        }
        return List.copyOf(rows.values());
    }
}
