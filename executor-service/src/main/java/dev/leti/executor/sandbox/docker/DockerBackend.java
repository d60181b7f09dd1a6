package dev.leti.executor.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.leti.executor.ExecutorProperties;
import dev.leti.executor.sandbox.IsolationProbe;
import dev.leti.executor.sandbox.QueueInputStream;
import dev.leti.executor.sandbox.Sandbox;
import dev.leti.executor.sandbox.SandboxBackend;
import dev.leti.executor.sandbox.SandboxException;
import dev.leti.executor.sandbox.WorkerChannel;
import dev.leti.executor.sandbox.WorkerScript;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container sandbox: per slot one hardened container (no network, read-only root with a
 * tmpfs /tmp, non-root user, memory = memory+swap, CPU quota, PID limit, no capabilities,
 * no new privileges, an init process) whose main process is the sandbox worker, spoken to
 * over the attached stdin/stdout. Containers are removed (killed) when the sandbox closes,
 * never left to auto-remove.
 */
public final class DockerBackend implements SandboxBackend {

    private static final Logger log = LoggerFactory.getLogger(DockerBackend.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String LABEL = "dev.leti.sandbox";
    private final ExecutorProperties properties;
    private final ExecutorProperties.DockerSettings settings;
    private final DockerClient client;

    public DockerBackend(ExecutorProperties properties) {
        this.properties = properties;
        this.settings = properties.docker();
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host()).build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).maxConnections(4 * properties.workers() + 8)
                .connectionTimeout(Duration.ofSeconds(10)).build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public void verifyIsolation() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("docker backend cannot reach the engine at " + settings.host() + ": "
                    + e.getMessage(), e);
        }
        try {
            client.inspectImageCmd(settings.image()).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("docker backend: image " + settings.image()
                    + " is missing (build it from executor-service/sandbox-image)", e);
        }
        IsolationProbe.verify(this, "docker backend");
    }

    @Override
    public Sandbox start(int slot, boolean warm) throws SandboxException {
        String id;
        try {
            id = client.createContainerCmd(settings.image())
                    .withCmd(WorkerScript.command(settings.python(), warm))
                    .withUser("65534:65534")
                    .withWorkingDir("/tmp")
                    .withLabels(Map.of(LABEL, "slot-" + slot))
                    .withNetworkDisabled(true)
                    .withStdinOpen(true).withStdInOnce(false).withTty(false)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                    .withHostConfig(hardened())
                    .exec().getId();
        } catch (RuntimeException e) {
            throw new SandboxException("cannot create a sandbox container: " + e.getMessage(), e);
        }
        QueueInputStream stdin = new QueueInputStream();
        WorkerChannel channel = new WorkerChannel(stdin.writer(), "docker slot " + slot);
        DockerSandbox sandbox = new DockerSandbox(id, channel, WorkerChannel.Settings.of(properties), () -> remove(id, stdin));
        try {
            attach(id, stdin, channel);
            client.startContainerCmd(id).exec();
            channel.awaitHello(START_TIMEOUT);
            return sandbox;
        } catch (RuntimeException | SandboxException e) {
            sandbox.close();
            throw e instanceof SandboxException se ? se
                    : new SandboxException("cannot start a sandbox container: " + e.getMessage(), e);
        }
    }

    private HostConfig hardened() {
        long memory = settings.memory().toBytes();
        return HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + settings.tmpfsSize().toBytes() + ",mode=1777"))
                .withMemory(memory)
                .withMemorySwap(memory)
                .withPidsLimit((long) settings.pidsLimit())
                .withNanoCPUs((long) (settings.cpus() * 1e9))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withUlimits(List.of(new Ulimit("core", 0L, 0L)))
                .withInit(true);
    }

    private void attach(String id, QueueInputStream stdin, WorkerChannel channel) throws SandboxException {
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
                    channel.accept(frame.getPayload(), 0, frame.getPayload().length);
                } else {
                    log.debug("sandbox {} worker stderr: {}", id, new String(frame.getPayload()));
                }
            }

            @Override
            public void onError(Throwable error) {
                channel.closed();
            }

            @Override
            public void onComplete() {
                channel.closed();
            }
        };
        client.attachContainerCmd(id).withStdIn(stdin).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(callback);
        try {
            if (!callback.awaitStarted(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new SandboxException("attaching to sandbox container " + id + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while attaching to sandbox container " + id, e);
        }
    }

    private void remove(String id, QueueInputStream stdin) {
        stdin.close();
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            log.warn("cannot remove sandbox container {}: {}", id, e.getMessage());
        }
    }


    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            log.debug("closing the Docker client: {}", e.getMessage());
        }
    }
}
