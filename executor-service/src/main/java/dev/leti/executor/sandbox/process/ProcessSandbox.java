package dev.leti.executor.sandbox.process;

import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.Sandbox;
import dev.leti.executor.sandbox.SandboxException;
import dev.leti.executor.sandbox.SandboxJob;
import dev.leti.executor.sandbox.WorkerChannel;
import java.io.IOException;
import java.io.InputStream;

/** A running namespace sandbox: the worker process, its channel and its cgroup. */
final class ProcessSandbox implements Sandbox {

    private final Process process;
    private final WorkerChannel channel;
    private final WorkerChannel.Settings settings;
    private final SlotCgroup cgroup;
    private final Runnable cleanup;

    ProcessSandbox(Process process, WorkerChannel channel, WorkerChannel.Settings settings, SlotCgroup cgroup,
            Runnable cleanup) {
        this.process = process;
        this.channel = channel;
        this.settings = settings;
        this.cgroup = cgroup;
        this.cleanup = cleanup;
    }

    /** Copies the worker's stdout into its channel on a thread of its own. */
    static void pump(Process process, WorkerChannel channel, String name) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (InputStream out = process.getInputStream()) {
                for (int n; (n = out.read(buffer)) >= 0; ) {
                    channel.accept(buffer, 0, n);
                }
            } catch (IOException ended) {
                // the worker went away; closed() below tells the waiting side
            } finally {
                channel.closed();
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public RawRun run(SandboxJob job) throws SandboxException {
        if (cgroup != null) {
            try {
                cgroup.limit(job.limits());
            } catch (IOException e) {
                throw new SandboxException("cannot set the sandbox's cgroup limits", e);
            }
        }
        return channel.exchange(job, settings);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        if (cgroup != null) {
            cgroup.destroy();
        }
        cleanup.run();
    }
}
