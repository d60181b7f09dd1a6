package dev.leti.executor.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leti.contracts.messaging.LetiJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The shared datasets (system property {@code leti.shared.datasets}); tests skip when absent. */
public final class Datasets {

    private Datasets() {
    }

    public static List<JsonNode> humanEval() throws IOException {
        return read("humaneval.jsonl");
    }

    public static List<JsonNode> mbpp() throws IOException {
        return read("mbpp.jsonl");
    }

    private static List<JsonNode> read(String file) throws IOException {
        String root = System.getProperty("leti.shared.datasets", "../../shared/datasets");
        Path path = Path.of(root, file);
        assumeTrue(Files.isReadable(path), "shared dataset " + path + " is absent");
        return Files.readAllLines(path).stream().filter(line -> !line.isBlank())
                .map(line -> LetiJson.mapper().readTree(line)).toList();
    }
}
