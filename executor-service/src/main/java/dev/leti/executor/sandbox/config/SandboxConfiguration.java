package dev.leti.executor.sandbox.config;

import dev.leti.executor.ExecutorProperties;
import dev.leti.executor.sandbox.SandboxBackend;
import dev.leti.executor.sandbox.SandboxPool;
import dev.leti.executor.sandbox.docker.DockerBackend;
import dev.leti.executor.sandbox.process.ProcessBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the backend ({@code leti.executor.backend}), proves its isolation and builds the
 * pool. A backend that cannot isolate programs stops the service, unless
 * {@code leti.executor.allow-unisolated=true} says to run them unisolated. In a package of its own:
 * it is the one place that knows every backend, and the backends know only {@code sandbox}.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean(destroyMethod = "close")
    SandboxPool sandboxPool(ExecutorProperties properties) {
        SandboxBackend backend = isolatedBackend(properties);
        try {
            backend.verifyIsolation();
        } catch (IllegalStateException notIsolated) {
            backend.close();
            if (!properties.allowUnisolated()) {
                throw new IllegalStateException(notIsolated.getMessage() + ". Refusing to run untrusted programs;"
                        + " set leti.executor.allow-unisolated=true to run them without isolation"
                        + " (development machines only).", notIsolated);
            }
            log.warn("{}. Running programs UNISOLATED because leti.executor.allow-unisolated=true.",
                    notIsolated.getMessage());
            backend = new ProcessBackend(properties, false);
        }
        log.info("sandbox backend {} ({} workers, {})", backend.name(), properties.workers(),
                properties.warm() ? "warm" : "cold");
        return new SandboxPool(backend, properties.workers(), properties.warm());
    }

    /** {@code /actuator/info}'s {@code sandbox}: the backend and how it enforces each limit. */
    @Bean
    InfoContributor sandboxInfo(SandboxPool pool) {
        return builder -> builder.withDetail("sandbox", java.util.Map.of("backend", pool.backendName(),
                "workers", pool.size(), "limits", pool.limitMechanisms()));
    }

    private static SandboxBackend isolatedBackend(ExecutorProperties properties) {
        return switch (properties.backend()) {
            case PROCESS -> new ProcessBackend(properties, true);
            case DOCKER -> new DockerBackend(properties);
        };
    }
}
