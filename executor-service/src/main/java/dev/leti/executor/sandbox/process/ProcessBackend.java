package dev.leti.executor.sandbox.process;

import dev.leti.executor.ExecutorProperties;
import dev.leti.executor.sandbox.IsolationProbe;
import dev.leti.executor.sandbox.Sandbox;
import dev.leti.executor.sandbox.SandboxBackend;
import dev.leti.executor.sandbox.SandboxException;
import dev.leti.executor.sandbox.WorkerChannel;
import dev.leti.executor.sandbox.WorkerScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.util.FileSystemUtils;

/**
 * The namespace sandbox (the recipe of ../shared/PLATFORM.md). Each sandbox is a worker
 * started as: join a fresh pids (and memory) cgroup, drop to an unprivileged uid with no new
 * privileges ({@code setpriv}), then {@code bwrap} with every namespace unshared (no network),
 * only /usr bound read-only, a private tmpfs /tmp as the job directory and no capabilities.
 * The worker applies rlimits and the seccomp filter to each program it forks.
 *
 * <p>Unisolated mode (only when explicitly allowed) runs the same worker as a plain process
 * in a private temporary directory.
 */
public final class ProcessBackend implements SandboxBackend {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String CGROUP_PREFIX = "leti-executor-";
    private final ExecutorProperties properties;
    private final ExecutorProperties.ProcessSettings settings;
    private final boolean isolated;
    private final Path cgroupParent;
    private final AtomicLong sequence = new AtomicLong();

    public ProcessBackend(ExecutorProperties properties, boolean isolated) {
        this.properties = properties;
        this.settings = properties.process();
        this.isolated = isolated;
        this.cgroupParent = Path.of(CGROUP_PREFIX + ProcessHandle.current().pid());
    }

    @Override
    public String name() {
        return isolated ? "process" : "unisolated";
    }

    @Override
    public void verifyIsolation() {
        if (!isolated) {
            return;
        }
        for (String binary : List.of(settings.bwrap(), settings.python())) {
            require(Files.isExecutable(Path.of(binary)), binary + " is missing (install bubblewrap and python3)");
        }
        require(settings.python().startsWith("/usr/"),
                "leti.executor.process.python must live under /usr, the only tree the sandbox binds: "
                        + settings.python());
        require(!runningAsRoot() || Files.isExecutable(Path.of(settings.setpriv())), settings.setpriv() + " is missing");
        Path pids = Path.of(settings.cgroupRoot(), "pids");
        require(Files.isWritable(pids), "the pids cgroup hierarchy " + pids + " is not writable");
        SlotCgroup.removeStale(Path.of(settings.cgroupRoot()), CGROUP_PREFIX);
        IsolationProbe.verify(this, "process backend");
    }

    @Override
    public Sandbox start(int slot, boolean warm) throws SandboxException {
        String name = "slot-" + slot + "-" + sequence.incrementAndGet();
        SlotCgroup cgroup = null;
        Path workDir = null;
        try {
            List<String> command;
            if (isolated) {
                cgroup = SlotCgroup.create(Path.of(settings.cgroupRoot()), cgroupParent + "/" + name);
                command = isolatedCommand(cgroup, warm);
            } else {
                workDir = Files.createTempDirectory("leti-unisolated-");
                command = WorkerScript.command(settings.python(), warm, "--unisolated", "--work-dir",
                        workDir.toString());
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            // Programs must not read the service's environment (credentials, endpoints).
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.environment().put("LANG", "C.UTF-8");
            Process process = builder.start();
            WorkerChannel channel = new WorkerChannel(process.getOutputStream(), name() + " " + name);
            ProcessSandbox.pump(process, channel, "sandbox-" + name);
            Path dir = workDir;
            ProcessSandbox sandbox = new ProcessSandbox(process, channel, WorkerChannel.Settings.of(properties), cgroup,
                    () -> deleteQuietly(dir));
            try {
                channel.awaitHello(START_TIMEOUT);
            } catch (SandboxException e) {
                sandbox.close();
                throw e;
            }
            return sandbox;
        } catch (IOException e) {
            if (cgroup != null) {
                cgroup.destroy();
            }
            deleteQuietly(workDir);
            throw new SandboxException("cannot start a " + name() + " sandbox: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (isolated) {
            for (String hierarchy : List.of("pids", "memory")) {
                try {
                    Files.deleteIfExists(Path.of(settings.cgroupRoot(), hierarchy).resolve(cgroupParent));
                } catch (IOException e) {
                    // a slot's cgroup is still alive; it is removed with its sandbox
                }
            }
        }
    }


    private List<String> isolatedCommand(SlotCgroup cgroup, boolean warm) {
        // The shell joins the cgroup before anything else runs, so no process escapes it.
        String join = cgroup.procsFiles().stream().map(file -> "echo $$ > '" + file + "'")
                .collect(Collectors.joining(" && ")) + " && exec \"$@\"";
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", join, "leti-sandbox"));
        if (runningAsRoot()) {
            String id = Integer.toString(settings.uid());
            command.addAll(List.of(settings.setpriv(), "--reuid=" + id, "--regid=" + id, "--clear-groups",
                    "--no-new-privs"));
        }
        command.addAll(List.of(settings.bwrap(), "--unshare-all", "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--symlink", "usr/bin", "/bin", "--size", Long.toString(settings.tmpfsSize().toBytes()),
                "--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp", "--cap-drop", "ALL"));
        command.addAll(WorkerScript.command(settings.python(), warm));
        return command;
    }

    private static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("process backend cannot isolate programs: " + problem);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir != null) {
            try {
                FileSystemUtils.deleteRecursively(dir);
            } catch (IOException e) {
                // a temporary directory; the OS cleans it eventually
            }
        }
    }
}
