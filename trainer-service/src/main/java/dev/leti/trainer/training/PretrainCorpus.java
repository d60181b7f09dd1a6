package dev.leti.trainer.training;

import dev.leti.contracts.artifact.ArtifactStore;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.model.corpus.PretrainingCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Plain code for the regularisation steps of the pre-training mix: a corpus artifact (JSON Lines
 * with a {@code text} field per document) when the request names one, otherwise a slice of the
 * built-in tiny model's own pre-training corpus, generated once per process.
 */
@Component
class PretrainCorpus {

    /** Enough plain code for a job's regularisation steps; generated deterministically. */
    private static final PretrainingCorpus.Settings BUILTIN = new PretrainingCorpus.Settings(11L, 2, 400);

    private final ArtifactStore store;
    private List<String> builtin;

    PretrainCorpus(ArtifactStore store) {
        this.store = store;
    }

    List<String> documents(String corpusUri) throws IOException {
        return corpusUri == null ? builtin() : read(corpusUri);
    }

    private synchronized List<String> builtin() {
        if (builtin == null) {
            builtin = List.copyOf(PretrainingCorpus.documents(BUILTIN));
        }
        return builtin;
    }

    private List<String> read(String uri) throws IOException {
        List<String> documents = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(store.get(uri), StandardCharsets.UTF_8)) {
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
        return documents;
    }
}
