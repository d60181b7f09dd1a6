package dev.leti.executor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.execution.ProgramExecutor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend must contain: the hostile-program corpus ({@link HostileCorpus}) and the
 * cases below that check the host from outside. Each case states how the program is classified
 * and that the host is untouched; after each case the same warm sandbox must still run a program.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContainmentContract {

    /** Short, for the cases that must time out; programs that should finish get ample time. */
    private static final ExecutionLimits SHORT = new ExecutionLimits(2_000, 512L << 20, 32);
    private static final ExecutionLimits AMPLE = new ExecutionLimits(30_000, 512L << 20, 32);
    private final String marker = "leti-escape-" + UUID.randomUUID();
    private SandboxPool pool;
    private ProgramExecutor executor;

    /** A pool of one warm sandbox of the backend under test. */
    protected abstract SandboxPool createPool();

    protected ExecutionReport run(String program) {
        return run(program, "", AMPLE);
    }

    private ExecutionReport run(String program, String tests, ExecutionLimits limits) {
        if (pool == null) {
            pool = createPool();
            executor = new ProgramExecutor(pool, new SimpleMeterRegistry());
        }
        return executor.execute(program, new ExecutionTask(ProblemFormat.GENERIC, "", tests, "", "", limits));
    }

    Stream<HostileCorpus> hostileCorpus() {
        return HostileCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCorpus")
    void hostileProgramGetsItsExpectedOutcome(HostileCorpus hostile) {
        ExecutionReport report = run(hostile.program(), hostile.tests(), hostile.shortLimits() ? SHORT : AMPLE);

        assertThat(report.outcome()).as("%s: %s", hostile.name(), report).isIn(hostile.outcomes());
        if (!hostile.exceptions().isEmpty()) {
            assertThat(report.exceptionType()).as(hostile.name()).isIn(hostile.exceptions());
        }
        hostile.feedback().forEach(text -> assertThat(report.feedback()).as(hostile.name()).contains(text));
        if (hostile.stdoutTruncated()) {
            assertThat(report.stdoutTruncated()).isTrue();
            assertThat(report.stdout()).hasSize(64 * 1024);
        }
    }

    @AfterEach
    void sandboxStillServesAndNothingIsLeftOnTheHost() throws IOException {
        assertThat(run("print('still alive')").stdout()).isEqualTo("still alive\n");
        assertThat(pool.brokenSandboxes()).as("the warm sandbox survived the program").isZero();
        for (String dir : List.of("/tmp", "/dev/shm", "/var/tmp")) {
            assertThat(Path.of(dir, marker)).doesNotExist();
        }
        assertThat(processesMentioning(marker)).isEmpty();
    }

    @AfterAll
    void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Test
    void tcpToALocalListenerIsDenied() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ExecutionReport report = run("import socket\nsocket.create_connection(('127.0.0.1', "
                    + listener.getLocalPort() + "), timeout=1)");

            assertThat(report.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(report.exceptionType()).isEqualTo("PermissionError");
            listener.setSoTimeout(200);
            assertThat(acceptsAConnection(listener)).isFalse();
        }
    }

    @Test
    void writesOutsideTheJobDirectoryNeverReachTheHost() {
        ExecutionReport report = run("""
                import os
                for d in ('/tmp', '/dev/shm', '/var/tmp', '/usr', '/'):
                    try:
                        with open(os.path.join(d, '%s'), 'w') as f:
                            f.write('escaped')
                    except OSError as e:
                        print(d, type(e).__name__)
                """.formatted(marker));

        assertThat(report.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(report.stdout()).contains("/usr ");
    }

    @Test
    void spawnedSubprocessesDoNotOutliveTheProgram() {
        ExecutionReport report = run("""
                import subprocess, sys
                subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '%s'],
                                 start_new_session=True)
                print(subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True).stdout)
                """.formatted(marker));

        assertThat(report.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(report.stdout()).isEqualTo("b'42\\n'\n");
    }

    @Test
    void deepRecursionIsARecursionErrorWithCollapsedFrames() {
        ExecutionReport report = run("def f(n):\n    return f(n + 1)\nf(0)");

        assertThat(report.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(report.exceptionType()).isEqualTo("RecursionError");
        assertThat(report.feedback()).contains("  File \"<program>\", line 2, in f\n    return f(n + 1)\n")
                .containsPattern("\\[Previous line repeated \\d+ more times]")
                .endsWith("RecursionError: maximum recursion depth exceeded");
    }

    @Test
    void otherProcessesCannotBeKilledOrSignalled() {
        long jvm = ProcessHandle.current().pid();
        ExecutionReport report = run("""
                import os, signal
                for pid in (1, os.getppid(), -1, %d):
                    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
                        try:
                            os.kill(pid, sig)
                            print('signalled', pid, sig)
                        except OSError as e:
                            pass
                """.formatted(jvm));

        assertThat(report.outcome()).isEqualTo(Outcome.SUSPICIOUS);
        assertThat(report.feedback()).contains("RewardHack (harness): the program sent signal");
        assertThat(report.stdout()).doesNotContain("signalled");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void theServiceEnvironmentIsInvisible() {
        ExecutionReport report = run("import os\nprint(sorted(os.environ))\nprint(open('/proc/1/environ').read())");

        assertThat(report.stdout()).doesNotContain("OPT_OUT_TRACKING").doesNotContain("JAVA_HOME")
                .doesNotContain("MAVEN");
    }

    private static boolean acceptsAConnection(ServerSocket listener) throws IOException {
        try {
            listener.accept().close();
            return true;
        } catch (SocketTimeoutException none) {
            return false;
        }
    }

    private static List<Long> processesMentioning(String marker) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(args -> String.join(" ", args).contains(marker))
                        .orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
