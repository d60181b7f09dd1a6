package dev.leti.local.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leti.local.client.RunStatus.Iteration;

/**
 * One iteration's wall time by stage, from the orchestrator's per-stage wall times and the trainer's
 * own job duration.
 *
 * @param sampling   GENERATING: train programs sampled and executed (the two overlap)
 * @param dataset    BUILDING_DATASET: the training text written to the artifact store
 * @param trainerJob the trainer's job as the trainer measured it
 * @param training   TRAINING as the orchestrator saw it: the job plus the hand-off both ways
 * @param evaluating EVALUATING: held-out programs sampled and executed
 * @param wall       the iteration's wall time
 */
public record StageBreakdown(double sampling, double dataset, double trainerJob, double training, double evaluating,
                             double wall) {

    static final String NOTE = """
            Generation and execution overlap (the executor runs programs as the generator streams them), so a \
            sampling stage counts as generation + execution. *Outside* is the rest of the wall time: building \
            the training dataset, handing the job to the trainer and its checkpoint back (Kafka, artifact \
            store), and the orchestrator's moves between stages.
            """;

    public static StageBreakdown of(Iteration iteration) {
        Map<String, Double> seconds = iteration.stageSeconds() == null ? Map.of() : iteration.stageSeconds();
        double sampling = seconds.getOrDefault("GENERATING", 0.0);
        double dataset = seconds.getOrDefault("BUILDING_DATASET", 0.0);
        double training = seconds.getOrDefault("TRAINING", 0.0);
        double evaluating = seconds.getOrDefault("EVALUATING", 0.0);
        double trainerJob = iteration.training() == null || iteration.training().durationMillis() == null ? 0
                : Math.min(training, iteration.training().durationMillis() / 1000.0);
        double stages = sampling + dataset + training + evaluating;
        double wall = iteration.startedAt() != null && iteration.finishedAt() != null
                ? Math.max(stages, Duration.between(iteration.startedAt(), iteration.finishedAt()).toMillis() / 1000.0)
                : stages;
        return new StageBreakdown(sampling, dataset, trainerJob, training, evaluating, wall);
    }

    public double wallSeconds() {
        return wall;
    }

    /** Wall time not spent generating, executing or training. */
    public double outside() {
        return Math.max(0, wall - sampling - evaluating - trainerJob);
    }

    public double outsideShare() {
        return wall == 0 ? 0 : outside() / wall;
    }

    static Table table(List<Iteration> iterations) {
        Table table = new Table(List.of("iteration", "generate + execute (train) s", "build dataset s",
                "trainer job s", "training hand-off s", "evaluate s", "wall s", "outside gen/exec/train"));
        for (Iteration iteration : iterations) {
            StageBreakdown b = of(iteration);
            table.row(List.of(Integer.toString(iteration.number()), f(b.sampling), f(b.dataset), f(b.trainerJob),
                    f(b.training - b.trainerJob), f(b.evaluating), f(b.wall),
                    String.format(Locale.ROOT, "%.1f%% (%.1f s)", 100 * b.outsideShare(), b.outside())));
        }
        return table;
    }

    private static String f(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
