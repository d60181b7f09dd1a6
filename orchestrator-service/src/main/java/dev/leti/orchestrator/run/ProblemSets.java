package dev.leti.orchestrator.run;

import java.util.ArrayList;
import java.util.List;

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
}
