package dev.leti.generator;

import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.spring.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The shipped tiny model ({@code builtin:leti-tiny}), also published as an artifact to exercise that path. */
public final class TinyCheckpoints {

    public static final String BUILTIN = "builtin:leti-tiny";

    private TinyCheckpoints() {
    }

    public static ArtifactRef write(ArtifactStore store, String path) {
        try (LanguageModel model = LanguageModel.load(BUILTIN, ModelOptions.cpu())) {
            return store.write(path, target -> {
                Files.createDirectories(target);
                model.writeTo(target);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
