package dev.leti.trainer.job;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.trainer.training.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The trainer's durable job state, as files (the trainer has no database): one directory per
 * job under the state directory, holding {@code job.json} ({@link JobRecord}), the resume point
 * of a running job, and a lock file. Every file is replaced atomically (write a temporary
 * sibling, then rename over), so a trainer killed at any moment finds either the old or the new
 * state. The lock is an operating-system file lock: released when its process dies, even by
 * SIGKILL, so two trainers sharing the state directory never run the same job at once.
 */
public final class JobStore {

    static final String JOB_FILE = "job.json";
    private static final String LOCK_FILE = "lock";

    private final Path root;

    public JobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job state directory " + this.root, e);
        }
    }

    /** The job's directory (created on demand). */
    public Path directory(UUID jobId) {
        return root.resolve(jobId.toString());
    }

    public Optional<JobRecord> read(UUID jobId) {
        Path file = directory(jobId).resolve(JOB_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LetiJson.mapper().readValue(Files.readString(file), JobRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Records a new job; returns the existing record instead when the job id is known. */
    public JobRecord accept(TrainingRequest request) {
        Optional<JobRecord> known = read(request.jobId());
        if (known.isPresent()) {
            return known.get();
        }
        JobRecord record = JobRecord.accepted(request);
        write(record);
        return record;
    }

    public void write(JobRecord record) {
        AtomicFiles.write(directory(record.request().jobId()).resolve(JOB_FILE),
                LetiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(record));
    }

    /** Jobs accepted but not finished, or finished with their result not yet published. */
    public List<JobRecord> pending() {
        List<JobRecord> pending = new ArrayList<>();
        try (Stream<Path> jobs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) jobs::iterator) {
                if (Files.exists(dir.resolve(JOB_FILE))) {
                    read(UUID.fromString(dir.getFileName().toString()))
                            .filter(job -> !job.resultPublished())
                            .ifPresent(pending::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return pending;
    }

    /** A held job lock; closing it releases the lock. */
    public record JobLock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Takes the job's lock if no live process (or other thread) holds it. */
    public Optional<JobLock> tryLock(UUID jobId) {
        try {
            Path dir = Files.createDirectories(directory(jobId));
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(new JobLock(channel));
                }
            } catch (OverlappingFileLockException e) {
                // held by this process already
            }
            channel.close();
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock job " + jobId, e);
        }
    }

}
