package dev.leti.executor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The executor's settings ({@code leti.executor.*}).
 *
 * @param backend          which sandbox runs programs
 * @param workers          sandboxes run at once; also the Kafka listener's concurrency
 * @param warm             keep one long-lived sandbox per worker (fast) instead of one per program
 * @param allowUnisolated  run programs without isolation when the backend cannot establish it;
 *                         only for development machines that lack the sandbox tools
 * @param outputCap        captured stdout and stderr, each, are cut here and marked truncated
 * @param fileSize         largest file a program may write
 * @param answerGrace      how long past a program's timeout the service waits for its sandbox
 *                         before declaring the sandbox broken
 * @param process          settings of the namespace sandbox
 * @param docker           settings of the container sandbox
 */
@Validated
@ConfigurationProperties("leti.executor")
public record ExecutorProperties(
        @DefaultValue("process") @NotNull Backend backend,
        @DefaultValue("2") @Min(1) int workers,
        @DefaultValue("true") boolean warm,
        @DefaultValue("false") boolean allowUnisolated,
        @DefaultValue("64KB") @NotNull DataSize outputCap,
        @DefaultValue("16MB") @NotNull DataSize fileSize,
        @DefaultValue("5s") @NotNull Duration answerGrace,
        @DefaultValue @Valid ProcessSettings process,
        @DefaultValue @Valid DockerSettings docker) {

    /** The sandbox implementations. */
    public enum Backend {
        PROCESS,
        DOCKER
    }

    /**
     * The namespace sandbox: unprivileged uid, bubblewrap binding only /usr, a process limit
     * (cgroup v1 pids, cgroup v2 pids.max, or a uid per slot with RLIMIT_NPROC: the first that
     * works), rlimits and seccomp applied per program by the worker.
     *
     * @param python     interpreter inside the sandbox; must live under /usr (never a pyenv shim)
     * @param bwrap      bubblewrap binary
     * @param setpriv    setpriv binary, used to drop to {@code uid} when the service runs as root
     * @param uid        unprivileged uid and gid programs run as while a cgroup limits their processes
     * @param slotUidBase where no cgroup hierarchy can limit processes, sandbox slot {@code n} runs as
     *                   uid and gid {@code slotUidBase + n}, so that RLIMIT_NPROC counts that slot alone
     * @param cgroupRoot where the cgroup hierarchies are looked for: the v1 ones mounted under it
     *                   ({@code pids}, {@code memory}), a v2 mount under it ({@code unified}) or
     *                   containing it (a delegated subtree such as {@code /sys/fs/cgroup/leti})
     * @param tmpfsSize  size of the sandbox's private /tmp, the program's working directory
     */
    public record ProcessSettings(
            @DefaultValue("/usr/bin/python3") @NotBlank String python,
            @DefaultValue("/usr/bin/bwrap") @NotBlank String bwrap,
            @DefaultValue("/usr/bin/setpriv") @NotBlank String setpriv,
            @DefaultValue("65534") @Min(1) int uid,
            @DefaultValue("100000") @Min(1) int slotUidBase,
            @DefaultValue("/sys/fs/cgroup") @NotBlank String cgroupRoot,
            @DefaultValue("64MB") @NotNull DataSize tmpfsSize) {
    }

    /**
     * The container sandbox: one hardened container per worker with the same worker inside.
     *
     * @param host           Docker engine endpoint
     * @param image          image with {@code python} and python3-seccomp (see sandbox-image/)
     * @param python         interpreter inside the image
     * @param cpus           CPU quota per container
     * @param memory         container memory (and memory+swap) limit: programs' limit plus the worker
     * @param pidsLimit      container process limit: programs' limit plus the worker and init
     * @param tmpfsSize      size of the container's /tmp
     */
    public record DockerSettings(
            @DefaultValue("unix:///var/run/docker.sock") @NotBlank String host,
            @DefaultValue("leti-sandbox-python:3.11") @NotBlank String image,
            @DefaultValue("/usr/bin/python3") @NotBlank String python,
            @DefaultValue("1.0") @DecimalMin("0.1") double cpus,
            @DefaultValue("1280MB") @NotNull DataSize memory,
            @DefaultValue("68") @Min(4) int pidsLimit,
            @DefaultValue("64MB") @NotNull DataSize tmpfsSize) {
    }
}
