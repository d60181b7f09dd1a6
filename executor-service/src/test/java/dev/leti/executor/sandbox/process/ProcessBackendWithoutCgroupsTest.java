package dev.leti.executor.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.TestProperties;
import dev.leti.executor.execution.ProgramExecutor;
import dev.leti.executor.sandbox.HostileCorpus;
import dev.leti.executor.sandbox.SandboxPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

/**
 * The process backend on a host whose cgroup hierarchies it cannot write (as a container sees a
 * read-only /sys/fs/cgroup): the cgroup root is a read-only directory whose hierarchies the mount
 * table declares mounted read-only. The backend starts, says it limits processes by a uid per
 * slot and RLIMIT_NPROC and memory by RLIMIT_AS, and still contains the fork bomb and the memory
 * bomb with real bubblewrap sandboxes, serving on afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ProcessBackendWithoutCgroupsTest {

    private static final ExecutionLimits SHORT = new ExecutionLimits(2_000, 512L << 20, 32);
    private static final ExecutionLimits AMPLE = new ExecutionLimits(30_000, 512L << 20, 32);

    private Path dir;
    private String startupLog;
    private SandboxPool pool;
    private ProgramExecutor executor;

    @BeforeAll
    void startOnReadOnlyCgroups(CapturedOutput output) throws IOException {
        dir = Files.createTempDirectory("leti-read-only-cgroups-");
        ProcessBackend backend = onReadOnlyCgroups(dir);
        backend.verifyIsolation();
        startupLog = output.getOut();
        pool = new SandboxPool(backend, 2, true);
        executor = new ProgramExecutor(pool, new SimpleMeterRegistry());
        assertThat(dir.resolve("cgroup/pids")).isEmptyDirectory();
    }

    /**
     * A process backend whose cgroup root is a read-only directory in {@code dir} holding v1
     * {@code pids} and {@code memory} and a v2 {@code unified} that a mount table in {@code dir}
     * declares mounted read-only.
     */
    static ProcessBackend onReadOnlyCgroups(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("cgroup"));
        Path mountinfo = dir.resolve("mountinfo");
        Files.write(mountinfo, List.of(
                "31 23 0:28 / " + root + " ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755",
                "35 31 0:32 / " + root.resolve("memory") + " ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory",
                "39 31 0:36 / " + root.resolve("pids") + " ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids",
                "41 31 0:38 / " + root.resolve("unified") + " ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw"));
        for (String hierarchy : List.of("memory", "pids", "unified")) {
            Files.createDirectories(root.resolve(hierarchy));
            Files.setPosixFilePermissions(root.resolve(hierarchy), PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        Files.writeString(root.resolve("unified/cgroup.controllers"), "pids memory\n");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        return new ProcessBackend(TestProperties.executor(Map.of("process.cgroup-root", root.toString())), true,
                mountinfo);
    }

    @AfterAll
    void close() throws IOException {
        if (pool != null) {
            pool.close();
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    private ExecutionReport run(String program, String tests, ExecutionLimits limits) {
        return executor.execute(program, new ExecutionTask(ProblemFormat.GENERIC, "", tests, "", "", limits));
    }

    @Test
    void theStartupLogNamesTheMechanisms() {
        assertThat(startupLog).contains("process sandbox limits: processes via a uid per sandbox slot and RLIMIT_NPROC"
                + " (uid 100000+slot), memory via RLIMIT_AS (cgroup hybrid, read-only: ");
        assertThat(pool.limitMechanisms()).containsEntry("memory", "RLIMIT_AS");
    }

    @Test
    void programsRunAsTheirSlotsUidAndForkNoMoreThanTheirLimit() {
        ExecutionReport report = run("""
                import os, time
                print(os.getuid())
                started = 0
                try:
                    for _ in range(100):
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        started += 1
                except BlockingIOError:
                    print("limited after", started)
                """, "", new ExecutionLimits(10_000, 256L << 20, 8));

        assertThat(report.outcome()).as("%s", report).isEqualTo(Outcome.PASSED);
        assertThat(report.stdout()).matches("10000[01]\nlimited after 8\n");
    }

    @Test
    void theForkBombAndTheMemoryBombGetTheirOutcomesAndTheExecutorServesOn() {
        List<HostileCorpus> bombs = HostileCorpus.cases()
                .filter(hostile -> hostile.name().startsWith("processes-fork-bomb") || hostile.name().equals("memory-bomb"))
                .toList();
        assertThat(bombs).hasSizeGreaterThanOrEqualTo(2);
        for (HostileCorpus hostile : bombs) {
            ExecutionReport report = run(hostile.program(), hostile.tests(), hostile.shortLimits() ? SHORT : AMPLE);

            assertThat(report.outcome()).as("%s: %s", hostile.name(), report).isIn(hostile.outcomes());
            assertThat(run("print('still alive')", "", AMPLE).stdout()).isEqualTo("still alive\n");
        }
        assertThat(pool.brokenSandboxes()).isZero();
    }
}
