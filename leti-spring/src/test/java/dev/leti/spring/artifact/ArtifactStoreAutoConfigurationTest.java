package dev.leti.spring.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ArtifactStoreAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ArtifactStoreAutoConfiguration.class));

    @Test
    void aDirectoryStoreByDefault() {
        context.withPropertyValues("leti.artifacts.root=" + dir.resolve("artifacts"))
                .run(started -> assertThat(started.getBean(ArtifactStore.class))
                        .isInstanceOfSatisfying(DirectoryArtifactStore.class,
                                store -> assertThat(store.root()).isEqualTo(dir.resolve("artifacts"))));
    }

    @Test
    void anS3StoreWhenTheTypeSaysSo() {
        // Credentials come from the SDK's default chain (here its system properties), never from leti.* properties.
        System.setProperty("aws.accessKeyId", "test-access");
        System.setProperty("aws.secretAccessKey", "test-secret");
        try {
            context.withPropertyValues("leti.artifacts.type=s3", "leti.artifacts.s3.endpoint=http://127.0.0.1:9000",
                            "leti.artifacts.s3.bucket=leti", "leti.artifacts.s3.prefix=prod",
                            "leti.artifacts.s3.path-style=true", "leti.artifacts.s3.cache-dir=" + dir.resolve("cache"))
                    .run(started -> {
                        assertThat(started.getBean(ArtifactStore.class)).isInstanceOf(S3ArtifactStore.class);
                        assertThat(started.getBean(ArtifactStoreProperties.class).s3().region()).isEqualTo("us-east-1");
                        assertThat(dir.resolve("cache/.staging")).isDirectory();
                    });
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void anS3StoreWithoutABucketDoesNotStart() {
        context.withPropertyValues("leti.artifacts.type=s3", "leti.artifacts.s3.cache-dir=" + dir.resolve("cache"))
                .run(started -> assertThat(started).getFailure()
                        .rootCause().hasMessageContaining("leti.artifacts.s3.bucket must be set"));
    }
}
