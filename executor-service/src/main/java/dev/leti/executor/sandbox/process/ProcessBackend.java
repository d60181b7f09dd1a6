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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The namespace sandbox (the recipe of ../shared/PLATFORM.md). Each sandbox is a worker
 * started as: join the slot's fresh pids and memory cgroups (where {@link LimitMechanisms}
 * limits by cgroup), drop to an unprivileged uid with no new privileges ({@code setpriv}; a uid
 * of the slot's own when {@code RLIMIT_NPROC} limits its processes), then {@code bwrap} with
 * every namespace unshared (no network), only /usr bound read-only, a private tmpfs /tmp as the
 * job directory and no capabilities. The worker applies rlimits (RLIMIT_AS always,
 * RLIMIT_NPROC with slot uids) and the seccomp filter to each program it forks.
 *
 * <p>Unisolated mode (only when explicitly allowed) runs the same worker as a plain process
 * in a private temporary directory.
 */
public final class ProcessBackend implements SandboxBackend {

    private static final Logger log = LoggerFactory.getLogger(ProcessBackend.class);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String CGROUP_PREFIX = "leti-executor-";
    private final ExecutorProperties properties;
    private final ExecutorProperties.ProcessSettings settings;
    private final boolean isolated;
    private final Path mountinfo;
    private final AtomicLong sequence = new AtomicLong();
    private volatile LimitMechanisms limits;

    public ProcessBackend(ExecutorProperties properties, boolean isolated) {
        this(properties, isolated, MOUNTINFO);
    }

    /** With the mount table read from {@code mountinfo} (tests describe hierarchies that way). */
    ProcessBackend(ExecutorProperties properties, boolean isolated, Path mountinfo) {
        this.properties = properties;
        this.settings = properties.process();
        this.isolated = isolated;
        this.mountinfo = mountinfo;
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
        CgroupLayout layout = CgroupLayout.detect(mountinfo, Path.of(settings.cgroupRoot()));
        // Only root can give each slot a uid; otherwise RLIMIT_NPROC counts the service's uid in each sandbox's
        // own user namespace (per namespace since Linux 5.14).
        limits = LimitMechanisms.choose(layout, CGROUP_PREFIX + ProcessHandle.current().pid(),
                runningAsRoot() ? settings.slotUidBase() : 0, LimitMechanisms.Mkdir.KERNEL);
        log.info("process sandbox limits: {}", limits);
        SlotCgroup.removeStale(limits.cgroups().stream().map(Path::getParent).toList(), CGROUP_PREFIX);
        IsolationProbe.verify(this, "process backend");
    }

    /** How each limit is enforced (after {@link #verifyIsolation()}; the unisolated mode has none). */
    @Override
    public Map<String, String> limitMechanisms() {
        return limits == null ? Map.of() : limits.info();
    }

    @Override
    public Sandbox start(int slot, boolean warm) throws SandboxException {
        String name = "slot-" + slot + "-" + sequence.incrementAndGet();
        SlotCgroup cgroup = null;
        Path workDir = null;
        WorkerChannel.Settings channelSettings = WorkerChannel.Settings.of(properties);
        try {
            List<String> command;
            if (isolated) {
                cgroup = SlotCgroup.create(limits, name).orElse(null);
                int uid = settings.uid();
                if (limits.processRlimit()) {
                    uid = limits.slotUidBase() + slot;
                    channelSettings = channelSettings.withProcessRlimit(SlotCgroup.SANDBOX_PROCESSES);
                }
                command = isolatedCommand(cgroup, uid, warm);
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
            ProcessSandbox sandbox = new ProcessSandbox(process, channel, channelSettings, cgroup,
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
        if (limits != null) {
            for (Path cgroup : limits.cgroups()) {
                try {
                    Files.deleteIfExists(cgroup);
                } catch (IOException e) {
                    // a slot's cgroup is still alive; it is removed with its sandbox
                }
            }
        }
    }


    private List<String> isolatedCommand(SlotCgroup cgroup, int uid, boolean warm) {
        List<String> command = new ArrayList<>();
        if (cgroup != null) {
            // The shell joins the cgroups before anything else runs, so no process escapes them.
            String join = cgroup.procsFiles().stream().map(file -> "echo $$ > '" + file + "'")
                    .collect(Collectors.joining(" && ")) + " && exec \"$@\"";
            command.addAll(List.of("/bin/sh", "-c", join, "leti-sandbox"));
        }
        if (runningAsRoot()) {
            String id = Integer.toString(uid);
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
