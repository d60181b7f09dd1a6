package dev.leti.executor.conformance;

import dev.leti.executor.TestSandboxes;
import dev.leti.executor.conformance.ConformanceRunner.Case;
import dev.leti.executor.conformance.ConformanceRunner.Result;
import dev.leti.executor.execution.ProgramExecutor;
import dev.leti.executor.sandbox.SandboxPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Two warm namespace sandboxes shared by a test class's many programs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxedSuite {

    private SandboxPool pool;
    private ProgramExecutor executor;

    @BeforeAll
    void startSandboxes() {
        pool = TestSandboxes.processPool(2);
        executor = new ProgramExecutor(pool, new SimpleMeterRegistry());
    }

    @AfterAll
    void stopSandboxes() {
        pool.close();
    }

    List<Result> runAll(List<Case> cases) throws Exception {
        return ConformanceRunner.runAll(executor, pool.size(), cases);
    }
}
