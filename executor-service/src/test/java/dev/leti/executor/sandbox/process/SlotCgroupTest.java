package dev.leti.executor.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotCgroupTest {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    @Test
    void cgroupsOfExecutorsThatDiedAreRemovedAndThoseOfLiveOnesKept() throws Exception {
        assumeTrue(Files.isWritable(ROOT.resolve("pids")), "needs a writable pids cgroup hierarchy");
        Path dead = Files.createDirectories(ROOT.resolve("pids/leti-test-4194305/slot-0-1"));
        Path live = Files.createDirectories(ROOT.resolve("pids/leti-test-" + ProcessHandle.current().pid() + "/slot-0-1"));
        try {
            SlotCgroup.removeStale(List.of(ROOT.resolve("pids")), "leti-test-");

            assertThat(dead.getParent()).doesNotExist();
            assertThat(live).exists();
        } finally {
            Files.deleteIfExists(live);
            Files.deleteIfExists(live.getParent());
        }
    }
}
