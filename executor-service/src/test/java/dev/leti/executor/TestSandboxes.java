package dev.leti.executor;

import dev.leti.executor.sandbox.SandboxPool;
import dev.leti.executor.sandbox.process.ProcessBackend;
import java.util.Map;

/** Real sandboxes for tests. */
public final class TestSandboxes {

    private TestSandboxes() {
    }

    /** Warm namespace sandboxes, isolation verified first. */
    public static SandboxPool processPool(int workers) {
        ProcessBackend backend = new ProcessBackend(TestProperties.executor(Map.of()), true);
        backend.verifyIsolation();
        return new SandboxPool(backend, workers, true);
    }
}
