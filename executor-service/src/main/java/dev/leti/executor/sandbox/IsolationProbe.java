package dev.leti.executor.sandbox;

import dev.leti.contracts.execution.ExecutionLimits;

/**
 * Proves a backend's isolation before it serves anything: a probe program, run in a freshly
 * started sandbox, must find itself unprivileged, unable to open sockets and unable to read
 * the host's root-only files.
 */
public final class IsolationProbe {

    static final String PROGRAM = """
            import os, socket
            assert os.getuid() != 0, "the program runs as root"
            try:
                socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            except PermissionError:
                pass
            else:
                raise AssertionError("the program may open sockets")
            try:
                open("/etc/shadow").close()
            except (PermissionError, FileNotFoundError):
                pass
            else:
                raise AssertionError("the program may read /etc/shadow")
            """;
    private static final ExecutionLimits LIMITS = new ExecutionLimits(10_000, 256L << 20, 8);

    private IsolationProbe() {
    }

    /**
     * @throws IllegalStateException saying what is wrong, when the probe does not pass
     */
    public static void verify(SandboxBackend backend, String what) {
        try (Sandbox sandbox = backend.start(0, false)) {
            RawRun run = sandbox.run(new SandboxJob(PROGRAM, LIMITS));
            if (!run.testsCompleted() || run.verdict().raised() || !run.suspicions().isEmpty()) {
                String problem = run.verdict() == null || !run.verdict().raised()
                        ? "the probe did not complete (" + run + ")" : run.verdict().message();
                throw new IllegalStateException(what + " cannot isolate programs: " + problem);
            }
        } catch (SandboxException e) {
            throw new IllegalStateException(what + " cannot isolate programs: " + e.getMessage(), e);
        }
    }
}
