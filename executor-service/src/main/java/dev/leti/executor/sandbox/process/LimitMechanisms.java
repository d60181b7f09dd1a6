package dev.leti.executor.sandbox.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the process backend enforces each sandbox's process and memory limits, chosen once at
 * startup, strongest first. Processes: a cgroup v1 {@code pids} hierarchy, else a delegated
 * cgroup v2 subtree with {@code pids} in its {@code cgroup.subtree_control}, else a uid of the
 * sandbox slot's own with {@code RLIMIT_NPROC} (which counts only that uid's processes). Memory:
 * a cgroup v1 {@code memory} hierarchy, else v2 {@code memory.max}, else {@code RLIMIT_AS} alone
 * (the worker sets RLIMIT_AS on every program in any case). A hierarchy counts only if it is
 * mounted writable and the executor's own cgroup can be created in it.
 *
 * @param processes the process-limit mechanism
 * @param pids      the executor's cgroup holding the slots' pids cgroups, with a cgroup mechanism
 * @param memory    the memory-limit mechanism
 * @param memoryCgroup the executor's cgroup holding the slots' memory cgroups, with a cgroup mechanism
 * @param layout    what was found, for the log
 * @param slotUidBase slot {@code n} runs as uid {@code slotUidBase + n}, with the uid mechanism; zero
 *                    when the service is not root (every sandbox runs as the service's uid, and
 *                    RLIMIT_NPROC counts it per sandbox user namespace)
 */
record LimitMechanisms(Processes processes, Optional<Path> pids, Memory memory, Optional<Path> memoryCgroup,
        String layout, int slotUidBase) {

    /** Process-limit mechanisms, strongest first. */
    enum Processes {
        CGROUP_V1_PIDS("cgroup v1 pids.max"),
        CGROUP_V2_PIDS("cgroup v2 pids.max"),
        SLOT_UID_RLIMIT_NPROC("a uid per sandbox slot and RLIMIT_NPROC");

        final String text;

        Processes(String text) {
            this.text = text;
        }
    }

    /** Memory-limit mechanisms, strongest first. */
    enum Memory {
        CGROUP_V1_MEMORY("cgroup v1 memory.limit_in_bytes", "memory.limit_in_bytes"),
        CGROUP_V2_MEMORY("cgroup v2 memory.max", "memory.max"),
        RLIMIT_AS("RLIMIT_AS", null);

        final String text;
        final String limitFile;

        Memory(String text, String limitFile) {
            this.text = text;
            this.limitFile = limitFile;
        }
    }

    /** Creates a cgroup directory (the kernel fills it with its interface files); tests fake the kernel. */
    @FunctionalInterface
    interface Mkdir {
        Mkdir KERNEL = Files::createDirectory;

        void create(Path dir) throws IOException;
    }

    /**
     * Chooses the mechanisms for {@code layout}, creating the executor's cgroup {@code name} in
     * each hierarchy it uses (and enabling the v2 controllers on the way).
     */
    static LimitMechanisms choose(CgroupLayout layout, String name, int slotUidBase, Mkdir mkdir) {
        Optional<Path> pids = v1(layout, "pids", name, mkdir);
        Optional<Path> memory = v1(layout, "memory", name, mkdir);
        Processes processes = pids.isPresent() ? Processes.CGROUP_V1_PIDS : Processes.SLOT_UID_RLIMIT_NPROC;
        Memory memoryMechanism = memory.isPresent() ? Memory.CGROUP_V1_MEMORY : Memory.RLIMIT_AS;
        if (layout.v2().isPresent() && !layout.v2().get().readOnly()) {
            CgroupLayout.Hierarchy v2 = layout.v2().get();
            List<String> wanted = Stream.of(pids.isEmpty() ? "pids" : "", memory.isEmpty() ? "memory" : "")
                    .filter(v2.controllers()::contains).toList();
            Map<String, Path> enabled = v2(v2.path(), name, wanted, mkdir);
            if (enabled.containsKey("pids")) {
                pids = Optional.of(enabled.get("pids"));
                processes = Processes.CGROUP_V2_PIDS;
            }
            if (enabled.containsKey("memory")) {
                memory = Optional.of(enabled.get("memory"));
                memoryMechanism = Memory.CGROUP_V2_MEMORY;
            }
        }
        return new LimitMechanisms(processes, pids, memoryMechanism, memory, layout.describe(), slotUidBase);
    }

    private static Optional<Path> v1(CgroupLayout layout, String controller, String name, Mkdir mkdir) {
        CgroupLayout.Hierarchy hierarchy = layout.v1().get(controller);
        if (hierarchy == null || hierarchy.readOnly()) {
            return Optional.empty();
        }
        return cgroup(hierarchy.path().resolve(name), mkdir);
    }

    /**
     * Delegates {@code wanted} to the executor's v2 cgroup and on to its slots: each must be
     * enabled in the base's {@code cgroup.subtree_control} (the kernel refuses when the base is
     * not delegated to us or holds processes of its own) and then in the executor's.
     */
    private static Map<String, Path> v2(Path base, String name, List<String> wanted, Mkdir mkdir) {
        Map<String, Path> enabled = new LinkedHashMap<>();
        List<String> delegated = wanted.stream().filter(controller -> enable(base, controller)).toList();
        if (delegated.isEmpty()) {
            return enabled;
        }
        Optional<Path> own = cgroup(base.resolve(name), mkdir);
        own.ifPresent(dir -> delegated.stream().filter(controller -> enable(dir, controller))
                .forEach(controller -> enabled.put(controller, dir)));
        if (own.isPresent() && enabled.isEmpty()) {
            deleteQuietly(own.get());
        }
        return enabled;
    }

    private static boolean enable(Path cgroup, String controller) {
        Path control = cgroup.resolve("cgroup.subtree_control");
        try {
            if (CgroupLayout.words(Files.readString(control), "\\s+").contains(controller)) {
                return true;
            }
            Files.writeString(control, "+" + controller);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The cgroup {@code dir}, created if need be, if it really is one (the kernel gave it cgroup.procs). */
    private static Optional<Path> cgroup(Path dir, Mkdir mkdir) {
        try {
            if (!Files.isDirectory(dir)) {
                mkdir.create(dir);
            }
        } catch (IOException notWritable) {
            return Optional.empty();
        }
        if (Files.exists(dir.resolve("cgroup.procs"))) {
            return Optional.of(dir);
        }
        deleteQuietly(dir);
        return Optional.empty();
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not ours to remove after all
        }
    }

    /** The executor's cgroups, one per hierarchy used. */
    List<Path> cgroups() {
        return Stream.of(pids, memoryCgroup).flatMap(Optional::stream).distinct().toList();
    }

    boolean processRlimit() {
        return processes == Processes.SLOT_UID_RLIMIT_NPROC;
    }

    /** The startup log's and /actuator/info's wording. */
    Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("processes", processes.text + pids.map(dir -> " (" + dir.getParent() + ")")
                .orElse(slotUidBase > 0 ? " (uid " + slotUidBase + "+slot)" : " (not root: the service's uid,"
                        + " counted per sandbox user namespace)"));
        info.put("memory", (memory == Memory.RLIMIT_AS ? "" : memory.text + memoryCgroup.map(
                dir -> " (" + dir.getParent() + ") and ").orElse(" and ")) + "RLIMIT_AS");
        info.put("cgroups", layout);
        return info;
    }

    @Override
    public String toString() {
        Map<String, String> info = info();
        return "processes via " + info.get("processes") + ", memory via " + info.get("memory") + " ("
                + info.get("cgroups") + ")";
    }
}
