package dev.leti.executor.sandbox.process;

import dev.leti.contracts.execution.ExecutionLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cgroup (v1) holding one sandbox: {@code pids} always (a fork bomb stops at the job's
 * process limit; RLIMIT_NPROC would count the shared uid system-wide), {@code memory} where
 * that hierarchy is writable. Since a sandbox runs one program at a time, the limits are set
 * per job (written only when they change). Destroying it kills whatever is left inside: the
 * whole process tree, however it tried to detach itself.
 */
final class SlotCgroup {

    private static final Logger log = LoggerFactory.getLogger(SlotCgroup.class);
    /** bubblewrap's monitor, the namespace's init and the worker live in the slot's cgroup too. */
    private static final int SANDBOX_PROCESSES = 3;
    /** The worker's own memory and the program's tmpfs files, on top of the program's limit. */
    private static final long SANDBOX_MEMORY = 256L << 20;

    private final Path pids;
    private final Optional<Path> memory;
    private ExecutionLimits applied;

    private SlotCgroup(Path pids, Optional<Path> memory) {
        this.pids = pids;
        this.memory = memory;
    }

    static SlotCgroup create(Path cgroupRoot, String name) throws IOException {
        Path pids = Files.createDirectories(cgroupRoot.resolve("pids").resolve(name));
        Optional<Path> memory = Optional.empty();
        Path memoryRoot = cgroupRoot.resolve("memory");
        if (Files.isWritable(memoryRoot)) {
            memory = Optional.of(Files.createDirectories(memoryRoot.resolve(name)));
        }
        return new SlotCgroup(pids, memory);
    }

    /**
     * Removes the cgroups of executors that died without cleaning up (their pid is gone),
     * killing whatever still runs in them.
     */
    static void removeStale(Path cgroupRoot, String prefix) {
        for (String hierarchy : List.of("pids", "memory")) {
            try (var parents = Files.list(cgroupRoot.resolve(hierarchy))) {
                for (Path parent : parents.filter(dir -> isStale(dir, prefix)).toList()) {
                    try (var slots = Files.list(parent)) {
                        slots.filter(Files::isDirectory).forEach(slot -> new SlotCgroup(slot, Optional.empty()).destroy());
                    }
                    Files.deleteIfExists(parent);
                }
            } catch (IOException e) {
                log.debug("cannot look for stale cgroups in {}: {}", hierarchy, e.getMessage());
            }
        }
    }

    private static boolean isStale(Path dir, String prefix) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(prefix) || !Files.isDirectory(dir)) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(name.substring(prefix.length()))).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The files a process writes its pid into to join this cgroup. */
    List<Path> procsFiles() {
        List<Path> files = new ArrayList<>();
        files.add(pids.resolve("cgroup.procs"));
        memory.ifPresent(dir -> files.add(dir.resolve("cgroup.procs")));
        return files;
    }

    void limit(ExecutionLimits limits) throws IOException {
        if (limits.equals(applied)) {
            return;
        }
        Files.writeString(pids.resolve("pids.max"), Integer.toString(limits.maxProcesses() + SANDBOX_PROCESSES));
        if (memory.isPresent()) {
            Files.writeString(memory.get().resolve("memory.limit_in_bytes"),
                    Long.toString(limits.memoryBytes() + SANDBOX_MEMORY));
        }
        applied = limits;
    }

    /** Kills every process still inside and removes the cgroup. */
    void destroy() {
        for (Path dir : directories()) {
            for (int attempt = 0; attempt < 5000 && Files.isDirectory(dir); attempt++) {
                killMembers(dir);
                try {
                    Files.delete(dir);
                } catch (IOException busy) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            if (Files.isDirectory(dir)) {
                log.warn("cgroup {} still has processes after kill; left in place", dir);
            }
        }
    }

    private List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(pids);
        memory.ifPresent(dirs::add);
        return dirs;
    }

    private static void killMembers(Path dir) {
        try {
            for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException gone) {
            // the cgroup emptied or vanished meanwhile
        }
    }
}
