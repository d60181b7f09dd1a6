package dev.leti.trainer.training;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.spring.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Plain code for the regularisation steps of the pre-training mix: a corpus artifact (JSON Lines
 * with a {@code text} field per document) when the request names one, otherwise the slice of the
 * built-in tiny model's own pre-training corpus that ships beside it, read once per process.
 */
@Component
class PretrainCorpus {

    /** The built-in model whose corpus slice serves requests that name no corpus. */
    private static final String BUILTIN = "leti-tiny";

    private final ArtifactStore store;
    private List<String> builtin;

    PretrainCorpus(ArtifactStore store) {
        this.store = store;
    }

    List<String> documents(String corpusUri) throws IOException {
        return corpusUri == null ? builtin() : read(corpusUri);
    }

    private synchronized List<String> builtin() throws IOException {
        if (builtin == null) {
            try (InputStream in = Checkpoints.builtinPretrainingCorpus(BUILTIN)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                builtin = parse(Checkpoints.BUILTIN_PREFIX + BUILTIN, text.lines().toList());
            }
        }
        return builtin;
    }

    private List<String> read(String uri) throws IOException {
        return parse(uri, Files.readAllLines(store.get(uri), StandardCharsets.UTF_8));
    }

    private static List<String> parse(String uri, List<String> lines) {
        List<String> documents = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode text = LetiJson.mapper().readTree(line).get("text");
            if (text == null || !text.isString()) {
                throw new IllegalArgumentException(uri + " line " + number + ": a corpus line is {\"text\": \"...\"}");
            }
            documents.add(text.asString());
        }
        if (documents.isEmpty()) {
            throw new IllegalArgumentException(uri + ": the pre-training corpus is empty");
        }
        return List.copyOf(documents);
    }
}
