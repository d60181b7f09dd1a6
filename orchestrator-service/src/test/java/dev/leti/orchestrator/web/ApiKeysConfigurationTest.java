package dev.leti.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.spring.security.ApiSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The orchestrator's own application.yml: no key of its own, so outside the local profile it
 * starts only with keys from the environment, and never with the local profile's.
 */
class ApiKeysConfigurationTest {

    private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ApiSecurityAutoConfiguration.class));

    @Test
    void withoutKeysTheOrchestratorDoesNotStart() {
        contexts.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("leti.api.read-key is empty"));
    }

    @Test
    void theLocalProfilesKeysWorkInTheLocalProfileOnly() {
        contexts.withPropertyValues("spring.profiles.active=local").run(context -> assertThat(context).hasNotFailed());
        contexts.withPropertyValues("spring.profiles.active=prod", "leti.api.read-key=leti-local-key-read",
                "leti.api.write-key=leti-local-key").run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("leti.api.read-key is the well-known key 'leti-local-key-read'"));
    }

    @Test
    void keysFromTheEnvironmentStartIt() {
        contexts.withPropertyValues("leti.api.read-key=r-6d0e", "leti.api.write-key=w-1b7a")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
