package dev.leti.orchestrator.run;

import dev.leti.contracts.ProblemFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The names of a run's problem sets: the train set and the evaluation sets. */
public final class ProblemSets {

    /** The problem set every run trains on. */
    public static final String TRAIN = "train";

    private ProblemSets() {
    }

    /** The names of the evaluation sets of a run: the held-out split, then the extra sets. */
    public static List<String> evalSets(RunSpec spec) {
        List<String> sets = new ArrayList<>();
        sets.add(spec.dataset().evalSplit());
        spec.evaluation().extraDatasets().forEach(extra -> sets.add(extra.name()));
        return sets;
    }

    /**
     * The earlier evaluation set that holds the same problems as {@code set} (same reference,
     * format, split and limit), if any: an extra set that differs from it only by its reward token,
     * like the demo's held-out split after {@code <|bad|>}. Before training every evaluation set is
     * sampled without a token, so at iteration 0 the two are one evaluation: the orchestrator
     * samples the earlier one and scores both from it.
     */
    public static Optional<String> sameProblemsAs(RunSpec spec, String set) {
        RunSpec.DatasetSpec dataset = spec.dataset();
        Map<Source, String> earlier = new HashMap<>();
        earlier.put(new Source(dataset.reference(), dataset.format(), dataset.evalSplit(), dataset.maxEvalProblems()),
                dataset.evalSplit());
        for (RunSpec.EvalDatasetSpec extra : spec.evaluation().extraDatasets()) {
            Source source = new Source(extra.reference(), extra.format(), extra.split(), extra.maxProblems());
            if (extra.name().equals(set)) {
                return Optional.ofNullable(earlier.get(source));
            }
            earlier.putIfAbsent(source, extra.name());
        }
        return Optional.empty();
    }

    /** What decides a set's problems. */
    private record Source(String reference, ProblemFormat format, String split, Integer maxProblems) {
    }
}
