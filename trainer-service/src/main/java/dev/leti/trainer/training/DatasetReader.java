package dev.leti.trainer.training;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;

/** Reads a dataset artifact: JSON Lines of {@link TrainingExample}; a broken line is reported with its number. */
final class DatasetReader {

    private DatasetReader() {
    }

    static List<TrainingExample> read(Path file, String uri) throws IOException {
        List<TrainingExample> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    examples.add(LetiJson.mapper().readValue(line, TrainingExample.class));
                } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException(uri + " line " + number + ": not a training example: "
                            + e.getMessage(), e);
                }
            }
        }
        return examples;
    }
}
