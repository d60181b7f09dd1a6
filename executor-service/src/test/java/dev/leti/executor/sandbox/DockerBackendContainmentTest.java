package dev.leti.executor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.executor.TestProperties;
import dev.leti.executor.sandbox.docker.DockerBackend;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The container sandbox, on a real private Docker engine, contains every attack of the
 * contract with a warm container; closing the pool leaves no container behind.
 */
class DockerBackendContainmentTest extends ContainmentContract {

    private DockerEngine engine;

    @BeforeAll
    void startEngine() {
        engine = DockerEngine.start();
    }

    @Override
    protected SandboxPool createPool() {
        var backend = new DockerBackend(TestProperties.executor(Map.of("docker.host", engine.host(),
                "docker.image", DockerEngine.IMAGE, "docker.memory", "768MB")));
        backend.verifyIsolation();
        return new SandboxPool(backend, 1, true);
    }

    @AfterAll
    void noContainerOutlivesThePool() {
        if (engine != null) {
            closePool();
            assertThat(engine.containers()).isEmpty();
            engine.close();
        }
    }
}
