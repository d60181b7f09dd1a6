package dev.leti.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;

/** A service whose API keys would leave it open does not start, and says which property to set. */
class ApiSecurityAutoConfigurationTest {

    private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApiSecurityAutoConfiguration.class));

    @Test
    void secretKeysStart() {
        contexts.withPropertyValues("leti.api.read-key=r-9f2c", "leti.api.write-key=w-51ab")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SecurityFilterChain.class));
    }

    @Test
    void anEmptyKeyStopsStartupNamingTheProperty() {
        contexts.withPropertyValues("leti.api.read-key=r-9f2c", "leti.api.write-key=")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("leti.api.write-key is empty"));
        contexts.withPropertyValues("leti.api.write-key=w-51ab")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("leti.api.read-key is empty"));
    }

    @Test
    void aWellKnownKeyStopsStartupOutsideTheLocalProfileOnly() {
        contexts.withPropertyValues("leti.api.read-key=leti-local-key-read", "leti.api.write-key=w-51ab")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("leti.api.read-key is the well-known key 'leti-local-key-read'"));
        contexts.withPropertyValues("leti.api.read-key=r-9f2c", "leti.api.write-key=change-me")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("leti.api.write-key is the well-known key"));
        contexts.withPropertyValues("spring.profiles.active=local", "leti.api.read-key=leti-local-key-read",
                "leti.api.write-key=leti-local-key").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void oneKeyForReadingAndWritingStopsStartup() {
        contexts.withPropertyValues("leti.api.read-key=same-9f2c", "leti.api.write-key=same-9f2c")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("leti.api.read-key and leti.api.write-key are the same key"));
    }
}
