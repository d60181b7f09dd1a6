package dev.leti.executor.sandbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.executor.TestProperties;
import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.SandboxJob;
import dev.leti.executor.sandbox.SandboxPool;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A backend that cannot isolate programs stops the service unless unisolated runs are allowed. */
class SandboxConfigurationTest {

    private static final Map<String, String> NO_BWRAP = Map.of("process.bwrap", "/nonexistent/bwrap", "workers", "1");

    @Test
    void refusesToStartWithoutIsolationAndSaysWhy() {
        assertThatThrownBy(() -> new SandboxConfiguration().sandboxPool(TestProperties.executor(NO_BWRAP)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("process backend cannot isolate programs: /nonexistent/bwrap is missing")
                .hasMessageContaining("leti.executor.allow-unisolated=true");
    }

    @Test
    void refusesAnInterpreterOutsideUsr() {
        var settings = Map.of("process.python", "/root/.pyenv/shims/python3", "workers", "1");

        assertThatThrownBy(() -> new SandboxConfiguration().sandboxPool(TestProperties.executor(settings)))
                .hasMessageContaining("must live under /usr");
    }

    @Test
    void runsUnisolatedOnlyWhenExplicitlyAllowed() throws Exception {
        var settings = new java.util.HashMap<>(NO_BWRAP);
        settings.put("allow-unisolated", "true");

        try (SandboxPool pool = new SandboxConfiguration().sandboxPool(TestProperties.executor(settings))) {
            RawRun run = pool.run(new SandboxJob("print(6 * 7)", ExecutionLimits.DEFAULT));

            assertThat(pool.backendName()).isEqualTo("unisolated");
            assertThat(run.stdout()).isEqualTo("42\n");
        }
    }
}
