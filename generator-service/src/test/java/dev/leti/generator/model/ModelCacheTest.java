package dev.leti.generator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.generator.GeneratorProperties;
import dev.leti.generator.TinyCheckpoints;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.spring.artifact.ArtifactNotFoundException;
import dev.leti.spring.artifact.DirectoryArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

    @Test
    void keepsTheMostRecentlyUsedCheckpointsAndLoadsAnotherWhenAsked(@TempDir Path root) throws Exception {
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        String first = TinyCheckpoints.write(store, "checkpoints/run/iteration-1").uri();
        String second = TinyCheckpoints.write(store, "checkpoints/run/iteration-2").uri();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ModelCache cache = new ModelCache(store, ModelOptions.cpu(), new GeneratorProperties(16, 64, 1, Duration.ZERO),
                registry);
        try {
            LanguageModel model = cache.get(first);
            assertThat(cache.get(first)).isSameAs(model);

            LanguageModel swapped = cache.get(second);
            assertThat(swapped).isNotSameAs(model);
            assertThat(cache.get(first)).as("evicted, so loaded again").isNotSameAs(model);
            assertThat(registry.get("leti.generation.model.load").timer().count()).isEqualTo(3);
        } finally {
            cache.destroy();
        }
    }

    @Test
    void refusesUrisThatNameNoCheckpoint(@TempDir Path root) {
        ModelCache cache = new ModelCache(new DirectoryArtifactStore(root), ModelOptions.cpu(),
                new GeneratorProperties(16, 64, 1, Duration.ZERO), new SimpleMeterRegistry());

        assertThatThrownBy(() -> cache.get("/etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be builtin:<name>, artifact:<path> or file:/<absolute directory>");
        assertThatThrownBy(() -> cache.get("artifact:checkpoints/none")).isInstanceOf(ArtifactNotFoundException.class);
    }
}
