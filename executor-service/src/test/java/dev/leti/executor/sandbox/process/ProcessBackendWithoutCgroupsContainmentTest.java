package dev.leti.executor.sandbox.process;

import dev.leti.executor.sandbox.ContainmentContract;
import dev.leti.executor.sandbox.SandboxPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.util.FileSystemUtils;

/**
 * The whole containment contract (hostile corpus included) on a process backend that cannot
 * write any cgroup hierarchy, so that a uid per slot with RLIMIT_NPROC limits processes and
 * RLIMIT_AS memory.
 */
class ProcessBackendWithoutCgroupsContainmentTest extends ContainmentContract {

    private Path dir;

    @Override
    protected SandboxPool createPool() {
        try {
            dir = Files.createTempDirectory("leti-read-only-cgroups-");
            ProcessBackend backend = ProcessBackendWithoutCgroupsTest.onReadOnlyCgroups(dir);
            backend.verifyIsolation();
            return new SandboxPool(backend, 1, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void removeTheReadOnlyRoot() throws IOException {
        if (dir != null) {
            FileSystemUtils.deleteRecursively(dir);
        }
    }
}
