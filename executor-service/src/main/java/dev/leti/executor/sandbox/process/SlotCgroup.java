package dev.leti.executor.sandbox.process;

import dev.leti.contracts.execution.ExecutionLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroups holding one sandbox, in the hierarchies {@link LimitMechanisms} chose: a pids
 * cgroup (v1, or v2 {@code pids.max}) when processes are limited by cgroup, a memory cgroup (v1
 * {@code memory.limit_in_bytes} or v2 {@code memory.max}) when memory is; on v2 both are one
 * directory. Since a sandbox runs one program at a time, the limits are set per job (written only
 * when they change). Destroying it kills whatever is left inside: the whole process tree,
 * however it tried to detach itself.
 */
final class SlotCgroup {

    private static final Logger log = LoggerFactory.getLogger(SlotCgroup.class);
    /**
     * bubblewrap's monitor, the namespace's init, the worker and the tests' process (the harness that
     * calls the program) live in the slot's cgroup too.
     */
    static final int SANDBOX_PROCESSES = 4;
    /** The worker's own memory and the program's tmpfs files, on top of the program's limit. */
    private static final long SANDBOX_MEMORY = 256L << 20;

    private final Optional<Path> pids;
    private final Optional<Path> memory;
    private final String memoryFile;
    private ExecutionLimits applied;

    private SlotCgroup(Optional<Path> pids, Optional<Path> memory, String memoryFile) {
        this.pids = pids;
        this.memory = memory;
        this.memoryFile = memoryFile;
    }

    /** The slot's cgroups {@code name} under the executor's, or none when no limit is a cgroup's. */
    static Optional<SlotCgroup> create(LimitMechanisms mechanisms, String name) throws IOException {
        if (mechanisms.cgroups().isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> pids = Optional.empty();
        if (mechanisms.pids().isPresent()) {
            pids = Optional.of(Files.createDirectories(mechanisms.pids().get().resolve(name)));
        }
        Optional<Path> memory = Optional.empty();
        if (mechanisms.memoryCgroup().isPresent()) {
            memory = Optional.of(Files.createDirectories(mechanisms.memoryCgroup().get().resolve(name)));
        }
        return Optional.of(new SlotCgroup(pids, memory, mechanisms.memory().limitFile));
    }

    /**
     * Removes the cgroups of executors that died without cleaning up (their pid is gone) from
     * the hierarchies {@code bases}, killing whatever still runs in them.
     */
    static void removeStale(List<Path> bases, String prefix) {
        for (Path base : bases) {
            try (var parents = Files.list(base)) {
                for (Path parent : parents.filter(dir -> isStale(dir, prefix)).toList()) {
                    try (var slots = Files.list(parent)) {
                        slots.filter(Files::isDirectory)
                                .forEach(slot -> new SlotCgroup(Optional.of(slot), Optional.empty(), null).destroy());
                    }
                    Files.deleteIfExists(parent);
                }
            } catch (IOException e) {
                log.debug("cannot look for stale cgroups in {}: {}", base, e.getMessage());
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
        return directories().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    void limit(ExecutionLimits limits) throws IOException {
        if (limits.equals(applied)) {
            return;
        }
        if (pids.isPresent()) {
            Files.writeString(pids.get().resolve("pids.max"), Integer.toString(limits.maxProcesses() + SANDBOX_PROCESSES));
        }
        if (memory.isPresent()) {
            Files.writeString(memory.get().resolve(memoryFile), Long.toString(limits.memoryBytes() + SANDBOX_MEMORY));
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

    /** Its directories: on cgroup v2, pids and memory share one. */
    private List<Path> directories() {
        return Stream.of(pids, memory).flatMap(Optional::stream).distinct().toList();
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
