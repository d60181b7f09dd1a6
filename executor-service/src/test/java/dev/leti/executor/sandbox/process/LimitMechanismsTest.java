package dev.leti.executor.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.executor.sandbox.process.LimitMechanisms.Memory;
import dev.leti.executor.sandbox.process.LimitMechanisms.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection of the cgroup hierarchies and the choice of mechanisms, on fake mount tables and cgroup trees. */
class LimitMechanismsTest {

    private static final String NAME = "leti-executor-42";

    @TempDir
    Path root;

    /** A fake kernel: a new directory in a cgroup tree gets the interface files a cgroup has. */
    private static void kernelMkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        Files.writeString(dir.resolve("cgroup.procs"), "");
        Files.writeString(dir.resolve("cgroup.subtree_control"), "");
    }

    /** A mountinfo line for a hierarchy mounted at {@code path} under the fake root. */
    private String mount(String path, String options, String type, String superOptions) throws IOException {
        Path point = Files.createDirectories(root.resolve(path));
        if (type.equals("cgroup")) {
            Files.writeString(point.resolve("cgroup.procs"), "");
        }
        return "40 31 0:38 / " + point + " " + options + ",nosuid,relatime shared:9 - " + type + " " + type + " "
                + superOptions;
    }

    private Path v2(String path, String controllers) throws IOException {
        Path dir = Files.createDirectories(root.resolve(path));
        Files.writeString(dir.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(dir.resolve("cgroup.procs"), "");
        Files.writeString(dir.resolve("cgroup.subtree_control"), "");
        return dir;
    }

    /** v1 pids and memory and a v2 {@code unified} offering {@code controllers}, all mounted with {@code options}. */
    private List<String> hybrid(String options, String controllers) throws IOException {
        v2("unified", controllers);
        return List.of(mount("pids", options, "cgroup", "rw,pids"), mount("memory", options, "cgroup", "rw,memory"),
                mount("unified", options, "cgroup2", "rw"));
    }

    private LimitMechanisms choose(List<String> mountinfo) {
        return choose(mountinfo, root);
    }

    private LimitMechanisms choose(List<String> mountinfo, Path cgroupRoot) {
        return LimitMechanisms.choose(CgroupLayout.parse(mountinfo, cgroupRoot), NAME, 100000,
                LimitMechanismsTest::kernelMkdir);
    }

    @Test
    void aV1HostLimitsByItsPidsAndMemoryHierarchies() throws IOException {
        LimitMechanisms chosen = choose(List.of(mount("pids", "rw", "cgroup", "rw,pids"),
                mount("memory", "rw", "cgroup", "rw,memory"), mount("cpu,cpuacct", "rw", "cgroup", "rw,cpu,cpuacct")));

        assertThat(chosen.processes()).isEqualTo(Processes.CGROUP_V1_PIDS);
        assertThat(chosen.pids()).contains(root.resolve("pids").resolve(NAME));
        assertThat(chosen.memory()).isEqualTo(Memory.CGROUP_V1_MEMORY);
        assertThat(chosen.memoryCgroup()).contains(root.resolve("memory").resolve(NAME));
        assertThat(chosen.toString()).isEqualTo("processes via cgroup v1 pids.max (" + root.resolve("pids")
                + "), memory via cgroup v1 memory.limit_in_bytes (" + root.resolve("memory") + ") and RLIMIT_AS"
                + " (cgroup v1)");
    }

    @Test
    void aHybridHostWhoseUnifiedHierarchyHasNoControllersUsesV1() throws IOException {
        LimitMechanisms chosen = choose(hybrid("rw", ""));

        assertThat(chosen.processes()).isEqualTo(Processes.CGROUP_V1_PIDS);
        assertThat(chosen.memory()).isEqualTo(Memory.CGROUP_V1_MEMORY);
        assertThat(chosen.layout()).isEqualTo("cgroup hybrid");
    }

    @Test
    void aV2HostDelegatesPidsAndMemoryToTheExecutorsCgroup() throws IOException {
        Path base = v2("", "cpuset cpu io memory pids");
        LimitMechanisms chosen = choose(List.of(mount("", "rw", "cgroup2", "rw,nsdelegate")));

        assertThat(chosen.processes()).isEqualTo(Processes.CGROUP_V2_PIDS);
        assertThat(chosen.memory()).isEqualTo(Memory.CGROUP_V2_MEMORY);
        assertThat(chosen.pids()).contains(base.resolve(NAME)).isEqualTo(chosen.memoryCgroup());
        assertThat(chosen.cgroups()).containsExactly(base.resolve(NAME));
        assertThat(Files.readString(base.resolve(NAME).resolve("cgroup.subtree_control"))).isEqualTo("+memory");
        assertThat(chosen.toString()).startsWith("processes via cgroup v2 pids.max (" + base + "), memory via cgroup"
                + " v2 memory.max (" + base + ") and RLIMIT_AS");
    }

    @Test
    void aRootInsideAV2MountIsADelegatedSubtree() throws IOException {
        Path delegated = v2("leti", "pids");
        LimitMechanisms chosen = choose(List.of(mount("", "rw", "cgroup2", "rw")), delegated);

        assertThat(chosen.processes()).isEqualTo(Processes.CGROUP_V2_PIDS);
        assertThat(chosen.pids()).contains(delegated.resolve(NAME));
        assertThat(chosen.memory()).as("memory is not delegated").isEqualTo(Memory.RLIMIT_AS);
        assertThat(chosen.memoryCgroup()).isEmpty();
    }

    @Test
    void aV2HostWithoutThePidsControllerFallsBackToSlotUids() throws IOException {
        v2("", "cpu memory");
        LimitMechanisms chosen = choose(List.of(mount("", "rw", "cgroup2", "rw")));

        assertThat(chosen.processes()).isEqualTo(Processes.SLOT_UID_RLIMIT_NPROC);
        assertThat(chosen.processRlimit()).isTrue();
        assertThat(chosen.memory()).isEqualTo(Memory.CGROUP_V2_MEMORY);
        assertThat(chosen.toString()).startsWith("processes via a uid per sandbox slot and RLIMIT_NPROC"
                + " (uid 100000+slot), memory via cgroup v2 memory.max");
    }

    @Test
    void readOnlyHierarchiesAsAContainerSeesThemLeaveUidsAndRlimitAs() throws IOException {
        LimitMechanisms chosen = choose(hybrid("ro", "pids memory"));

        assertThat(chosen.processes()).isEqualTo(Processes.SLOT_UID_RLIMIT_NPROC);
        assertThat(chosen.memory()).isEqualTo(Memory.RLIMIT_AS);
        assertThat(chosen.cgroups()).isEmpty();
        assertThat(root.resolve("pids").resolve(NAME)).doesNotExist();
        assertThat(chosen.toString()).isEqualTo("processes via a uid per sandbox slot and RLIMIT_NPROC (uid 100000+slot),"
                + " memory via RLIMIT_AS (cgroup hybrid, read-only: " + root.resolve("memory") + ", "
                + root.resolve("pids") + ", " + root.resolve("unified") + ")");
    }

    @Test
    void aWritableDirectoryThatIsNoCgroupIsNotUsedAndLeftAsItWas() throws IOException {
        String pids = mount("pids", "rw", "cgroup", "rw,pids");
        Files.delete(root.resolve("pids/cgroup.procs"));
        // the real mkdir: the directory it makes gets no cgroup.procs, so it is no cgroup
        LimitMechanisms chosen = LimitMechanisms.choose(CgroupLayout.parse(List.of(pids), root), NAME, 100000,
                LimitMechanisms.Mkdir.KERNEL);

        assertThat(chosen.processes()).isEqualTo(Processes.SLOT_UID_RLIMIT_NPROC);
        assertThat(root.resolve("pids").resolve(NAME)).doesNotExist();
    }

    @Test
    void nothingMountedUnderTheRootIsNone() {
        CgroupLayout layout = CgroupLayout.parse(List.of(
                "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
                "41 31 0:38 / /elsewhere/unified rw,relatime - cgroup2 cgroup2 rw"), root);

        assertThat(layout.version()).isEqualTo("none");
        assertThat(layout.v1()).isEmpty();
        assertThat(layout.v2()).isEqualTo(Optional.empty());
    }

    @Test
    void aServiceThatIsNotRootHasNoSlotUidsAndSaysSo() {
        LimitMechanisms chosen = LimitMechanisms.choose(CgroupLayout.parse(List.of(), root), NAME, 0,
                LimitMechanismsTest::kernelMkdir);

        assertThat(chosen.processRlimit()).isTrue();
        assertThat(chosen.toString()).isEqualTo("processes via a uid per sandbox slot and RLIMIT_NPROC (not root:"
                + " the service's uid, counted per sandbox user namespace), memory via RLIMIT_AS (cgroup none)");
    }

    @Test
    void thisMachinesKindOfMountTableParses() {
        CgroupLayout layout = CgroupLayout.parse(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "39 31 0:36 / /sys/fs/cgroup/pids ro,relatime shared:5 - cgroup cgroup rw,pids",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"), Path.of("/sys/fs/cgroup"));

        assertThat(layout.version()).isEqualTo("hybrid");
        assertThat(layout.v1().get("pids").path()).isEqualTo(Path.of("/sys/fs/cgroup/pids"));
        assertThat(layout.v1().get("pids").readOnly()).isTrue();
        assertThat(layout.v1().get("cpuacct").path()).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
        assertThat(layout.v1().get("memory").readOnly()).isFalse();
        assertThat(layout.v2().orElseThrow().path()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    }
}
