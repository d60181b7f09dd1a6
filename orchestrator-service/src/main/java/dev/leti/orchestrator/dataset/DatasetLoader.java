package dev.leti.orchestrator.dataset;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.Prompts;
import dev.leti.contracts.messaging.LetiJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads problems from MBPP or HumanEval JSON Lines: a file path, or a built-in set on the
 * classpath ({@code builtin:<name>}: {@code builtin/<name>/<split>.jsonl}, one file per
 * split, or {@code builtin/<name>.jsonl} whose lines carry a {@code split} field). A file must
 * lie under one of the configured roots ({@link DatasetProperties}).
 *
 * <p>Splits: a line's own {@code split} field wins; otherwise MBPP's standard split by
 * task id (1-10 prompt, 11-510 test, 511-600 validation, 601-974 train); HumanEval is an
 * evaluation set, so every split name selects all of it. {@code all} selects every line.
 */
@Component
public class DatasetLoader {

    public static final String BUILTIN_PREFIX = "builtin:";
    private static final String BUILTIN_ROOT = "dev/leti/orchestrator/dataset/builtin/";
    private static final Map<String, int[]> MBPP_SPLITS = Map.of(
            "prompt", new int[] {1, 10},
            "test", new int[] {11, 510},
            "validation", new int[] {511, 600},
            "train", new int[] {601, 974});

    private final List<Path> roots;

    public DatasetLoader(DatasetProperties properties) {
        this.roots = properties.paths();
    }

    /**
     * The problems of one split, in file order.
     *
     * @param format null to detect it from the first line
     * @param limit  null for all
     * @throws DatasetException naming the file and, for a malformed line, its line number
     */
    public List<Problem> load(String reference, ProblemFormat format, String split, Integer limit) {
        List<Problem> problems = new ArrayList<>();
        try (Source source = open(reference, split)) {
            BufferedReader reader = source.reader();
            String filter = source.wholeSplit() ? "all" : split;
            String line;
            int number = 0;
            ProblemFormat detected = format;
            while ((line = reader.readLine()) != null && (limit == null || problems.size() < limit)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(reference, number, line);
                detected = detected != null ? detected : detect(reference, number, node);
                if (inSplit(node, detected, filter)) {
                    problems.add(problem(reference, number, node, detected));
                }
            }
        } catch (IOException e) {
            throw DatasetException.ofData("cannot read dataset " + reference + ": " + e.getMessage());
        }
        if (problems.isEmpty()) {
            throw DatasetException.ofSplit("split '" + split + "' of dataset " + reference + " has no problems");
        }
        return problems;
    }

    /** An opened dataset; {@code wholeSplit} when the file holds exactly the split asked for. */
    private record Source(BufferedReader reader, boolean wholeSplit) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private Source open(String reference, String split) throws IOException {
        if (reference.startsWith(BUILTIN_PREFIX)) {
            String name = reference.substring(BUILTIN_PREFIX.length());
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw DatasetException.ofData("not a built-in dataset name: " + reference);
            }
            var perSplit = new ClassPathResource(BUILTIN_ROOT + name + "/" + split + ".jsonl");
            if (perSplit.exists()) {
                return new Source(reader(perSplit.getInputStream()), true);
            }
            var whole = new ClassPathResource(BUILTIN_ROOT + name + ".jsonl");
            if (whole.exists()) {
                return new Source(reader(whole.getInputStream()), false);
            }
            if (new ClassPathResource(BUILTIN_ROOT + name + "/").exists()) {
                throw DatasetException.ofSplit("built-in dataset " + reference + " has no split '" + split + "'");
            }
            throw DatasetException.ofData("no built-in dataset " + reference);
        }
        Path path = confined(Path.of(reference.replaceFirst("^file:", "")));
        if (!Files.isRegularFile(path)) {
            throw DatasetException.ofData("no dataset file at " + path);
        }
        return new Source(reader(Files.newInputStream(path)), false);
    }

    /** The path, if it lies under a root once {@code ..} and symbolic links are resolved. */
    private Path confined(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path real = Files.exists(absolute) ? absolute.toRealPath() : absolute;
        for (Path root : roots) {
            if (real.startsWith(Files.exists(root) ? root.toRealPath() : root)) {
                return real;
            }
        }
        throw DatasetException.ofData("dataset path " + path + " is outside the dataset roots " + roots
                + " (leti.datasets.roots)");
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String reference, int number, String line) {
        try {
            JsonNode node = LetiJson.mapper().readTree(line);
            if (!node.isObject()) {
                throw malformed(reference, number, "not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            // Only the position: the parser's message would quote the file's content back to the caller.
            long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw malformed(reference, number, "not valid JSON" + (column > 0 ? " (column " + column + ")" : ""));
        }
    }

    private static ProblemFormat detect(String reference, int number, JsonNode node) {
        if (node.has("entry_point") && node.has("prompt")) {
            return ProblemFormat.HUMANEVAL;
        }
        if (node.has("test_list")) {
            return ProblemFormat.MBPP;
        }
        throw malformed(reference, number, "neither MBPP (test_list) nor HumanEval (prompt, entry_point)");
    }

    private static boolean inSplit(JsonNode node, ProblemFormat format, String split) {
        if ("all".equals(split)) {
            return true;
        }
        if (node.hasNonNull("split")) {
            return split.equals(node.get("split").asString());
        }
        if (format == ProblemFormat.HUMANEVAL) {
            return true;
        }
        int[] range = MBPP_SPLITS.get(split);
        if (range == null) {
            throw DatasetException.ofSplit("unknown MBPP split '" + split + "': use prompt, test, validation, train "
                    + "or all");
        }
        int taskId = node.path("task_id").asInt(-1);
        return taskId >= range[0] && taskId <= range[1];
    }

    private static Problem problem(String reference, int number, JsonNode node, ProblemFormat format) {
        String taskId = required(reference, number, node, "task_id").asString();
        if (format == ProblemFormat.HUMANEVAL) {
            return new Problem(taskId, format, text(reference, number, node, "prompt"),
                    text(reference, number, node, "test"), "", text(reference, number, node, "entry_point"));
        }
        JsonNode tests = required(reference, number, node, "test_list");
        if (!tests.isArray() || tests.isEmpty()) {
            throw malformed(reference, number, "test_list must be a non-empty array of asserts");
        }
        List<String> asserts = new ArrayList<>();
        tests.forEach(t -> asserts.add(t.asString()));
        String prompt = Prompts.mbpp(text(reference, number, node, "text"), asserts.get(0));
        return new Problem(taskId, format, prompt, asserts.stream().collect(Collectors.joining("\n")),
                node.path("test_setup_code").asString(""), "");
    }

    private static String text(String reference, int number, JsonNode node, String field) {
        JsonNode value = required(reference, number, node, field);
        if (!value.isString()) {
            throw malformed(reference, number, "field '" + field + "' must be a string");
        }
        return value.asString();
    }

    private static JsonNode required(String reference, int number, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw malformed(reference, number, "missing field '" + field + "'");
        }
        return value;
    }

    private static DatasetException malformed(String reference, int number, String what) {
        return DatasetException.ofData(reference + " line " + number + ": " + what);
    }
}
