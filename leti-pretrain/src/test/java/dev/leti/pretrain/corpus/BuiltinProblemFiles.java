package dev.leti.pretrain.corpus;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.model.config.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The committed built-in problem files, as the orchestrator ships them. */
final class BuiltinProblemFiles {

    /** Relative to the leti-pretrain module, where Maven runs its tests. */
    static final Path DIRECTORY = Path.of("../orchestrator-service/src/main/resources/dev/leti/orchestrator/dataset/builtin/leti-tiny");

    private BuiltinProblemFiles() {
    }

    static Path file(Role split) {
        return DIRECTORY.resolve(split.name().toLowerCase() + ".jsonl");
    }

    static List<JsonNode> read(Role split) {
        try {
            List<JsonNode> problems = new ArrayList<>();
            for (String line : Files.readAllLines(file(split), StandardCharsets.UTF_8)) {
                problems.add(ModelJson.mapper().readTree(line));
            }
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assumePython() {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).as(PythonBatch.PYTHON + " is needed").isTrue();
    }
}
