package dev.leti.executor.sandbox.docker;

import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.Sandbox;
import dev.leti.executor.sandbox.SandboxException;
import dev.leti.executor.sandbox.SandboxJob;
import dev.leti.executor.sandbox.WorkerChannel;

/** A running sandbox container and the channel to its worker. */
final class DockerSandbox implements Sandbox {

    private final String containerId;
    private final WorkerChannel channel;
    private final WorkerChannel.Settings settings;
    private final Runnable remove;

    DockerSandbox(String containerId, WorkerChannel channel, WorkerChannel.Settings settings, Runnable remove) {
        this.containerId = containerId;
        this.channel = channel;
        this.settings = settings;
        this.remove = remove;
    }

    @Override
    public RawRun run(SandboxJob job) throws SandboxException {
        return channel.exchange(job, settings);
    }

    @Override
    public void close() {
        remove.run();
    }

    @Override
    public String toString() {
        return "docker sandbox " + containerId;
    }
}
