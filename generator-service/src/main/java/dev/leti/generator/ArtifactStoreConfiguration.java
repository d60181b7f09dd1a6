package dev.leti.generator;

import dev.leti.contracts.artifact.ArtifactStore;
import dev.leti.contracts.artifact.DirectoryArtifactStore;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArtifactStoreConfiguration {

    @Bean
    ArtifactStore artifactStore(@Value("${" + ArtifactStore.ROOT_PROPERTY + ":" + ArtifactStore.DEFAULT_ROOT + "}") Path root) {
        return new DirectoryArtifactStore(root);
    }
}
