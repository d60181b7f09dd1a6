package dev.leti.generator.model;

import dev.leti.contracts.artifact.CheckpointReference;
import dev.leti.generator.GeneratorProperties;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.checkpoint.CheckpointSource;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.spring.artifact.ArtifactStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The recently used checkpoints, loaded on the configured device. A request for a checkpoint not
 * loaded loads it (from the classpath for {@code builtin:...}, from the artifact store, checksum
 * verified, for {@code artifact:...}); beyond {@code cached-models} the least recently used model
 * is closed. Used by the sampling worker thread only.
 */
@Component
public class ModelCache implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    private final ArtifactStore store;
    private final ModelOptions options;
    private final int capacity;
    private final Timer loadTime;
    private final Map<String, LanguageModel> loaded = new LinkedHashMap<>(4, 0.75f, true);

    ModelCache(ArtifactStore store, ModelOptions options, GeneratorProperties properties, MeterRegistry registry) {
        this.store = store;
        this.options = options;
        this.capacity = properties.cachedModels();
        this.loadTime = Timer.builder("leti.generation.model.load").description("Time to load a checkpoint")
                .register(registry);
    }

    /**
     * The model of a checkpoint URI, loaded if needed.
     *
     * @throws dev.leti.spring.artifact.ArtifactException when the artifact is missing or corrupt
     * @throws IOException                                   when the checkpoint's files cannot be read
     * @throws IllegalArgumentException                      for a URI that names no checkpoint or a broken one
     */
    public synchronized LanguageModel get(String checkpointUri) throws IOException {
        LanguageModel model = loaded.get(checkpointUri);
        if (model != null) {
            return model;
        }
        CheckpointSource source = source(checkpointUri);
        long started = System.nanoTime();
        model = LanguageModel.load(source, options);
        loadTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        loaded.put(checkpointUri, model);
        while (loaded.size() > capacity) {
            var eldest = loaded.entrySet().iterator().next();
            log.info("Unloading checkpoint {} (keeping the {} most recently used)", eldest.getKey(), capacity);
            eldest.getValue().close();
            loaded.remove(eldest.getKey());
        }
        return model;
    }

    private CheckpointSource source(String checkpointUri) {
        CheckpointReference reference = CheckpointReference.parse(checkpointUri);
        if (reference instanceof CheckpointReference.Builtin builtin) {
            return Checkpoints.builtin(builtin.name());
        }
        if (reference instanceof CheckpointReference.Directory directory) {
            return Checkpoints.directory(directory.path());
        }
        return Checkpoints.directory(store.get(checkpointUri));
    }

    @Override
    public synchronized void destroy() {
        loaded.values().forEach(LanguageModel::close);
        loaded.clear();
    }
}
