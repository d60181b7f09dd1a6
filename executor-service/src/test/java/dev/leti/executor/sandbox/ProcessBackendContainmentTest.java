package dev.leti.executor.sandbox;

import dev.leti.executor.TestProperties;
import dev.leti.executor.sandbox.process.ProcessBackend;
import java.util.Map;

/** The namespace sandbox contains every attack of the contract, with a warm worker. */
class ProcessBackendContainmentTest extends ContainmentContract {

    @Override
    protected SandboxPool createPool() {
        var backend = new ProcessBackend(TestProperties.executor(Map.of()), true);
        backend.verifyIsolation();
        return new SandboxPool(backend, 1, true);
    }
}
