package dev.leti.executor.sandbox;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.executor.ExecutorProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The conversation with a sandbox worker ({@code worker.py}): length-prefixed JSON requests
 * to its stdin, one JSON line per answer from its stdout. Bytes of the worker's stdout arrive
 * through {@link #accept} from whatever reads them (a reader thread, a Docker attach callback).
 *
 * <p>A request carries the program part of the script; the tests follow it as a block of their
 * own, which only the worker's tests' process reads (the program's process never holds them),
 * then a fresh random nonce on a line of its own. The worker reads the nonce only after the
 * tests' process has read the tests and echoes it as the verdict's proof only when that process
 * saw every test run to its end; a run counts as completed only when the proof is this nonce
 * (see worker.py and docs/architecture.md, "Verdict protocol").
 */
public final class WorkerChannel {

    private static final String CLOSED = "\u0000closed";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final OutputStream requests;
    private final String description;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long nextId;

    /** What the worker says when it is ready. */
    public record Hello(boolean ready, boolean seccomp, int uid) {
    }

    /**
     * Per-request settings the worker applies besides the job's limits.
     *
     * @param outputCapBytes bytes of stdout and stderr kept, each
     * @param fileBytes      largest file the program may write
     * @param answerGrace    how long past the timeout an answer may take
     * @param processRlimit  when positive, the program's RLIMIT_NPROC is its process limit plus this
     *                       (the sandbox's own processes); zero leaves RLIMIT_NPROC alone
     */
    public record Settings(long outputCapBytes, long fileBytes, Duration answerGrace, int processRlimit) {

        public static Settings of(ExecutorProperties properties) {
            return new Settings(properties.outputCap().toBytes(), properties.fileSize().toBytes(),
                    properties.answerGrace(), 0);
        }

        /** These settings, with the program's processes limited by RLIMIT_NPROC. */
        public Settings withProcessRlimit(int sandboxProcesses) {
            return new Settings(outputCapBytes, fileBytes, answerGrace, sandboxProcesses);
        }
    }

    public WorkerChannel(OutputStream requests, String description) {
        this.requests = requests;
        this.description = description;
    }

    /** Feeds bytes the worker wrote to its stdout. */
    public synchronized void accept(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (data[i] == '\n') {
                lines.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            } else {
                partial.write(data[i]);
            }
        }
    }

    /** The worker's stdout ended: it exited or its sandbox went away. */
    public void closed() {
        lines.add(CLOSED);
    }

    public Hello awaitHello(Duration timeout) throws SandboxException {
        Hello hello = LetiJson.mapper().readValue(nextLine(timeout), Hello.class);
        if (!hello.ready()) {
            throw new SandboxException(description + ": worker did not report ready");
        }
        return hello;
    }

    public RawRun exchange(SandboxJob job, Settings settings) throws SandboxException {
        long timeoutMillis = job.limits().timeoutMillis();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", nextId++);
        SandboxJob.Parts parts = job.parts();
        request.put("source", parts.program());
        request.put("timeoutMs", timeoutMillis);
        request.put("memoryBytes", job.limits().memoryBytes());
        // CPU time can never exceed wall time on one core; the rlimit is a backstop for the wall clock.
        request.put("cpuSeconds", (timeoutMillis + 999) / 1000 + 1);
        request.put("fileBytes", settings.fileBytes());
        request.put("outputCap", settings.outputCapBytes());
        request.put("firstTestLine", job.firstTestLine());
        if (settings.processRlimit() > 0) {
            request.put("nproc", job.limits().maxProcesses() + settings.processRlimit());
        }
        byte[] body = LetiJson.mapper().writeValueAsBytes(request);
        byte[] tests = parts.tests().getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String nonceHex = HexFormat.of().formatHex(nonce);
        try {
            requests.write((body.length + "\n").getBytes(StandardCharsets.US_ASCII));
            requests.write(body);
            requests.write((tests.length + "\n").getBytes(StandardCharsets.US_ASCII));
            requests.write(tests);
            requests.write((nonceHex + "\n").getBytes(StandardCharsets.US_ASCII));
            requests.flush();
        } catch (IOException e) {
            throw new SandboxException(description + ": cannot send the program to the worker", e);
        }
        String answer = nextLine(Duration.ofMillis(timeoutMillis).plus(settings.answerGrace()));
        RawRun run = LetiJson.mapper().readValue(answer, RawRun.class);
        String proof = run.verdict() == null ? null : run.verdict().proof();
        return run.withTestsCompleted(proof != null && MessageDigest.isEqual(
                proof.getBytes(StandardCharsets.US_ASCII), nonceHex.getBytes(StandardCharsets.US_ASCII)));
    }

    private String nextLine(Duration timeout) throws SandboxException {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(description + ": interrupted while waiting for the worker", e);
        }
        if (line == null) {
            throw new SandboxException(description + ": worker did not answer within " + timeout);
        }
        if (CLOSED.equals(line)) {
            lines.add(CLOSED);
            throw new SandboxException(description + ": worker exited");
        }
        return line;
    }
}
