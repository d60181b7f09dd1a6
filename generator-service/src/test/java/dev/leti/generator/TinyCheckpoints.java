package dev.leti.generator;

import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.artifact.ArtifactStore;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.tokenizer.ByteLevelTokenizer;
import java.nio.file.Files;

/** A small randomly initialised checkpoint of the real model, written to the artifact store. */
public final class TinyCheckpoints {

    private TinyCheckpoints() {
    }

    public static ArtifactRef write(ArtifactStore store, String path, long seed) {
        ByteLevelTokenizer tokenizer = new ByteLevelTokenizer();
        ModelConfig config = new ModelConfig(tokenizer.vocabSize(), 32, 2, 4, 2, 64, 256, 10000.0, 1e-6, true);
        try (LanguageModel model = LanguageModel.random(config, tokenizer, ModelOptions.cpu(), seed)) {
            return store.write(path, target -> {
                Files.createDirectories(target);
                model.writeTo(target);
            });
        }
    }
}
