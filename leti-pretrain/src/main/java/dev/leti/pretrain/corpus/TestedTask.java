package dev.leti.pretrain.corpus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A task with test asserts whose expected values the Python interpreter computed. */
record TestedTask(Task task, List<String> asserts) {

    private static final Set<String> UNINFORMATIVE = Set.of("[]", "''", "0", "1");

    /**
     * Tests many tasks in one Python batch: draws {@code candidates} inputs per task, computes
     * their values and keeps {@code wanted} asserts per task (empty where too few were informative).
     */
    static List<Optional<TestedTask>> testAll(List<Task> tasks, TaskSampler sampler, int candidates, int wanted) {
        List<List<String>> inputs = new ArrayList<>(tasks.size());
        List<PythonBatch.Call> calls = new ArrayList<>();
        for (Task task : tasks) {
            List<String> drawn = sampler.inputs(task, candidates);
            inputs.add(drawn);
            drawn.forEach(input -> calls.add(new PythonBatch.Call(task.program(), task.functionName(), input)));
        }
        List<Optional<String>> values = PythonBatch.evaluate(calls);
        List<Optional<TestedTask>> tested = new ArrayList<>(tasks.size());
        for (int t = 0; t < tasks.size(); t++) {
            tested.add(of(tasks.get(t), inputs.get(t), values.subList(t * candidates, (t + 1) * candidates), wanted));
        }
        return tested;
    }

    /**
     * Picks up to {@code wanted} asserts from candidate inputs and their evaluated values:
     * informative values (not empty, not 0 or 1) with distinct results first. Empty when fewer
     * than {@code wanted} candidates succeeded or, for several asserts, when they would all
     * expect the same value (such tests cannot tell a right program from a constant).
     */
    static Optional<TestedTask> of(Task task, List<String> inputs, List<Optional<String>> values, int wanted) {
        List<String> informative = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        Set<String> seenValues = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (values.get(i).isEmpty()) {
                continue;
            }
            String value = values.get(i).get();
            String assertion = "assert " + task.functionName() + "(" + inputs.get(i) + ") == " + value;
            boolean fresh = seenValues.add(value);
            (fresh && !UNINFORMATIVE.contains(value) ? informative : rest).add(assertion);
        }
        List<String> chosen = new ArrayList<>(informative);
        chosen.addAll(rest);
        if (chosen.size() < wanted || (wanted > 1 && seenValues.size() < 2) || informative.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TestedTask(task, List.copyOf(chosen.subList(0, wanted))));
    }
}
