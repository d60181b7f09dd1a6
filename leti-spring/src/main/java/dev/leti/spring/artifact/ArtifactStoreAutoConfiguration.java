package dev.leti.spring.artifact;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The artifact store every service that reads or writes checkpoints and datasets shares: a directory
 * or an S3 bucket, by {@code leti.artifacts.type}.
 */
@AutoConfiguration
@EnableConfigurationProperties(ArtifactStoreProperties.class)
public class ArtifactStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ArtifactStore.class)
    ArtifactStore artifactStore(ArtifactStoreProperties properties) {
        return switch (properties.type()) {
            case DIRECTORY -> new DirectoryArtifactStore(properties.root());
            case S3 -> {
                if (!ClassUtils.isPresent("software.amazon.awssdk.services.s3.S3Client", getClass().getClassLoader())) {
                    throw new IllegalStateException("leti.artifacts.type=s3, but this service is built without the "
                            + "AWS S3 client (software.amazon.awssdk:s3); it reads no artifacts, use type directory");
                }
                yield S3ArtifactStore.connect(properties.s3());
            }
        };
    }
}
