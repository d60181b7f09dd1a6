package dev.leti.pretrain.corpus;

import dev.leti.model.config.ModelJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The built-in problem set {@code leti-tiny}: one MBPP-form problem per composition with role
 * {@link Role#TRAIN} or {@link Role#TEST}, three asserts each, expected values computed by
 * Python. Deterministic: the same code writes the same files.
 *
 * <p>Run {@code main(outputDirectory)} to (re)write {@code train.jsonl} and {@code test.jsonl}.
 */
public final class BuiltinProblemSet {

    public static final long SEED = 7L;
    static final int ASSERTS = 3;
    private static final int CANDIDATE_INPUTS = 8;
    private static final int ATTEMPTS = 6;

    /** One problem in MBPP form plus the split it belongs to. */
    public record Problem(int taskId, Role split, String text, String code, List<String> testList,
                          String functionName) {

        /** The MBPP JSON Lines object, keys in MBPP's order. */
        public Map<String, Object> toMbpp() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("text", text);
            line.put("code", code);
            line.put("task_id", taskId);
            line.put("test_setup_code", "");
            line.put("test_list", testList);
            line.put("challenge_test_list", List.of());
            return line;
        }
    }

    private BuiltinProblemSet() {
    }

    /** Test problems first (task ids from 1), then train problems. */
    public static List<Problem> build() {
        Random random = new Random(SEED);
        List<Problem> problems = new ArrayList<>();
        for (Role split : List.of(Role.TEST, Role.TRAIN)) {
            for (TestedTask tested : testedTasks(CompositionSplit.withRole(split), random)) {
                Task task = tested.task();
                problems.add(new Problem(problems.size() + 1, split, task.description(), task.program(),
                        tested.asserts(), task.functionName()));
            }
        }
        requireUniqueNames(problems);
        return problems;
    }

    /**
     * One tested task per composition, drawing new constants and inputs until the tests are
     * informative. A composition whose result hardly depends on its input (the largest multiple
     * of 3 from 1 to n, taken modulo 3) never gets informative tests and is left out.
     */
    private static List<TestedTask> testedTasks(List<Composition> compositions, Random random) {
        TaskSampler sampler = new TaskSampler(random);
        Map<Composition, TestedTask> done = new LinkedHashMap<>();
        for (int attempt = 0; attempt < ATTEMPTS && done.size() < compositions.size(); attempt++) {
            List<Task> tasks = compositions.stream().filter(composition -> !done.containsKey(composition))
                    .map(composition -> sampler.task(composition, false)).toList();
            TestedTask.testAll(tasks, sampler, CANDIDATE_INPUTS, ASSERTS).forEach(tested ->
                    tested.ifPresent(found -> done.put(found.task().composition(), found)));
        }
        List<TestedTask> ordered = new ArrayList<>();
        for (Composition composition : compositions) {
            TestedTask tested = done.get(composition);
            if (tested != null) {
                ordered.add(tested);
            }
        }
        return ordered;
    }

    private static void requireUniqueNames(List<Problem> problems) {
        Set<String> names = new HashSet<>();
        for (Problem problem : problems) {
            if (!names.add(problem.functionName())) {
                throw new IllegalStateException("two problems share the function name " + problem.functionName());
            }
        }
    }

    /** The JSON Lines text of one split. */
    public static String jsonLines(List<Problem> problems, Role split) {
        StringBuilder lines = new StringBuilder();
        for (Problem problem : problems) {
            if (problem.split() == split) {
                lines.append(ModelJson.mapper().writeValueAsString(problem.toMbpp())).append('\n');
            }
        }
        return lines.toString();
    }

    /** Writes {@code train.jsonl} and {@code test.jsonl} into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BuiltinProblemSet <output directory>");
        }
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        List<Problem> problems = build();
        for (Role split : List.of(Role.TRAIN, Role.TEST)) {
            Path target = directory.resolve(split.name().toLowerCase() + ".jsonl");
            Path partial = directory.resolve(target.getFileName() + ".partial");
            Files.writeString(partial, jsonLines(problems, split), StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        long test = problems.stream().filter(problem -> problem.split() == Role.TEST).count();
        System.out.printf("wrote %d problems (%d train, %d test) to %s; compositions per role: %s%n",
                problems.size(), problems.size() - test, test, directory, CompositionSplit.counts());
    }
}
