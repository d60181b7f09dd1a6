package dev.leti.pretrain;

import dev.leti.model.config.ModelJson;
import dev.leti.pretrain.corpus.PythonBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs model-written programs with their test asserts for the base model's measurements: one
 * forked child per program with a CPU-time, memory and wall-clock limit, in a scratch directory.
 * A measurement aid on the developer's machine, not a sandbox: the suite runs programs in the
 * executor service's sandbox.
 */
final class ProgramChecks {

    private static final String DRIVER = """
            import json, os, resource, signal, sys, time
            limit = int(sys.argv[2])
            for index, line in enumerate(open(sys.argv[1], encoding='utf-8')):
                program = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    try:
                        null = os.open(os.devnull, os.O_RDWR)
                        for fd in (0, 1, 2):
                            os.dup2(null, fd)
                        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
                        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
                        signal.alarm(limit)
                        exec(compile(program, '<program>', 'exec'), {'__name__': '__main__'})
                        os._exit(0)
                    except BaseException as e:
                        try:
                            with open('error-%d' % index, 'w', encoding='utf-8') as f:
                                f.write(type(e).__name__ + (': ' + str(e) if str(e) else ''))
                        finally:
                            os._exit(1)
                deadline = time.monotonic() + 2 * limit
                while True:
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        break
                    if time.monotonic() > deadline:
                        os.kill(pid, 9)
                        os.waitpid(pid, 0)
                        status = 1
                        with open('error-%d' % index, 'w', encoding='utf-8') as f:
                            f.write('timeout')
                        break
                    time.sleep(0.002)
                passed = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
                error = None
                if not passed:
                    try:
                        with open('error-%d' % index, encoding='utf-8') as f:
                            error = f.read()[:300]
                        os.remove('error-%d' % index)
                    except OSError:
                        limits = (signal.SIGALRM, signal.SIGXCPU, signal.SIGKILL)
                        timed_out = os.WIFSIGNALED(status) and os.WTERMSIG(status) in limits
                        error = 'timeout' if timed_out else 'the program was killed'
                print(json.dumps(error), flush=True)
            """;

    private ProgramChecks() {
    }

    /** Whether each program ran to the end without an exception within {@code limitSeconds}. */
    static List<Boolean> passes(List<String> programs, int limitSeconds) {
        return errors(programs, limitSeconds).stream().map(error -> error == null).toList();
    }

    /**
     * Per program, null when it ran to the end without an exception within {@code limitSeconds},
     * else the exception's type and message ({@code NameError: name 'x' is not defined}) or
     * {@code timeout}.
     */
    static List<String> errors(List<String> programs, int limitSeconds) {
        JsonMapper json = ModelJson.mapper();
        try {
            Path directory = Files.createTempDirectory("leti-program-checks");
            Path input = directory.resolve("programs.jsonl");
            Path driver = directory.resolve("driver.py");
            StringBuilder lines = new StringBuilder();
            for (String program : programs) {
                lines.append(json.writeValueAsString(program)).append('\n');
            }
            Files.writeString(input, lines, StandardCharsets.UTF_8);
            Files.writeString(driver, DRIVER, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PythonBatch.PYTHON, "-I", driver.toString(), input.toString(),
                    String.valueOf(limitSeconds)).directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the program check driver failed");
            }
            List<String> errors = new ArrayList<>(programs.size());
            output.lines().forEach(line -> errors.add(json.readTree(line).isNull() ? null : json.readTree(line).asString()));
            if (errors.size() != programs.size()) {
                throw new IllegalStateException("expected " + programs.size() + " results, got " + errors.size());
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking programs", e);
        }
    }
}
