package dev.leti.orchestrator.run;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.Outcome;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.run.RunView.ExecutionStats;
import dev.leti.orchestrator.run.RunView.IterationView;
import dev.leti.orchestrator.run.RunView.Progress;
import dev.leti.orchestrator.sample.EvaluationRow;
import dev.leti.orchestrator.sample.SampleRepository;
import dev.leti.orchestrator.sample.SampleRepository.ExecutionCounts;
import dev.leti.orchestrator.sample.SampleRepository.SamplePage;
import dev.leti.orchestrator.sample.SampleView;
import dev.leti.orchestrator.sample.StageCounts;
import dev.leti.orchestrator.training.TrainingJobRepository;
import dev.leti.orchestrator.training.TrainingView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The read side: a run's view with its per-iteration metrics, and its samples. */
@Component
public class RunViews {

    private final RunRepository runs;
    private final SampleRepository samples;
    private final TrainingJobRepository trainingJobs;

    RunViews(RunRepository runs, SampleRepository samples, TrainingJobRepository trainingJobs) {
        this.runs = runs;
        this.samples = samples;
        this.trainingJobs = trainingJobs;
    }

    static RunView.Summary summary(RunRecord run) {
        return new RunView.Summary(run.id(), run.name(), run.comparisonId(), run.spec().feedbackMode(), run.state(),
                run.currentIteration(), run.currentStage(), run.createdAt(), run.finishedAt());
    }

    public RunView view(RunRecord run) {
        UUID id = run.id();
        List<IterationRecord> iterations = runs.iterations(id);
        Map<Integer, List<EvaluationRow>> evaluations = evaluations(id, ProblemSets.evalSets(run.spec()));
        ExecutionCounts executions = samples.executionCounts(id);
        Map<String, long[]> sampleCounts = samples.sampleCounts(id);
        Map<Integer, TrainingView> trainings = trainingJobs.views(id);
        Map<Integer, Map<Stage, Double>> timings = runs.stageSeconds(id);

        List<IterationView> views = new ArrayList<>();
        for (IterationRecord it : iterations) {
            int n = it.number();
            long[] train = sampleCounts.getOrDefault(key(n, SamplePurpose.TRAIN), new long[2]);
            long[] eval = sampleCounts.getOrDefault(key(n, SamplePurpose.EVAL), new long[2]);
            List<EvaluationRow> rows = evaluations.getOrDefault(n, List.of());
            Map<String, Map<Integer, Double>> passAtK = new LinkedHashMap<>();
            rows.forEach(r -> passAtK.computeIfAbsent(r.split(), s -> new TreeMap<>()).put(r.k(), r.passAtK()));
            views.add(new IterationView(n, it.stage(), it.evalCheckpoint(), it.startedAt(), it.finishedAt(), passAtK,
                    rows, stats(train[0], key(n, SamplePurpose.TRAIN), executions),
                    stats(eval[0], key(n, SamplePurpose.EVAL), executions),
                    train[1] + eval[1], trainings.get(n), timings.getOrDefault(n, Map.of())));
        }
        IterationRecord current = iterations.isEmpty() ? null : iterations.get(iterations.size() - 1);
        Stage stage = current == null ? null : current.stage();
        return new RunView(id, run.name(), run.comparisonId(), run.state(), run.currentIteration(), stage,
                progress(run, current, trainings), run.failureReason(), run.createdAt(), run.updatedAt(),
                run.finishedAt(), run.spec(), views);
    }

    private Progress progress(RunRecord run, IterationRecord current, Map<Integer, TrainingView> trainings) {
        if (current == null) {
            return null;
        }
        Stage stage = current.stage();
        return switch (stage) {
            case GENERATING, EVALUATING -> {
                var counts = StageCounts.of(samples.progress(run.id(), current.number(),
                        stage == Stage.GENERATING ? SamplePurpose.TRAIN : SamplePurpose.EVAL));
                yield progress(stage, counts.executed(), counts.expected());
            }
            case TRAINING -> {
                TrainingView job = trainings.get(current.number());
                yield job == null ? progress(stage, 0, 0) : progress(stage, job.step(), job.totalSteps());
            }
            case BUILDING_DATASET -> progress(stage, 0, 0);
            case DONE -> progress(stage, 1, 1);
        };
    }

    private static Progress progress(Stage stage, long done, long total) {
        return new Progress(stage, done, total, total == 0 ? 0.0 : Math.min(1.0, (double) done / total));
    }

    private static String key(int iteration, SamplePurpose purpose) {
        return SampleRepository.stageKey(iteration, purpose);
    }

    private static ExecutionStats stats(long samples, String stage, ExecutionCounts executions) {
        Map<String, Long> byOutcome = executions.outcomes().getOrDefault(stage, Map.of());
        long results = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        long passed = byOutcome.getOrDefault(Outcome.PASSED.name(), 0L);
        return new ExecutionStats(samples, results, results == 0 ? 0.0 : (double) passed / results, byOutcome,
                executions.exceptions().getOrDefault(stage, Map.of()),
                executions.rewardHacks().getOrDefault(stage, Map.of()));
    }

    /** Per iteration, the held-out set's rows first, then the extra sets' in spec order, by k. */
    private Map<Integer, List<EvaluationRow>> evaluations(UUID run, List<String> setOrder) {
        Map<Integer, List<EvaluationRow>> rows = samples.evaluations(run);
        rows.values().forEach(list -> list.sort(Comparator.comparingInt((EvaluationRow r) -> setOrder.indexOf(r.split()))
                .thenComparingInt(EvaluationRow::k)));
        return rows;
    }

    public PageView<SampleView> samples(UUID run, int iteration, Outcome outcome, SamplePurpose purpose, int page,
                                        int size) {
        SamplePage found = samples.samples(run, iteration, outcome, purpose, page, size);
        return PageView.of(found.content(), page, size, found.total());
    }
}
