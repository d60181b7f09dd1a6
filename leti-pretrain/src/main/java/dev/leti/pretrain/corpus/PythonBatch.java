package dev.leti.pretrain.corpus;

import dev.leti.model.config.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs many small, trusted, project-generated Python snippets in one interpreter process: the
 * values of test asserts at generation time, and syntax checks. Never for model output (that
 * belongs in the executor's sandbox).
 */
public final class PythonBatch {

    /** The interpreter; {@code /usr/bin/python3} unless the system property {@code leti.python} says otherwise. */
    public static final String PYTHON = System.getProperty("leti.python", "/usr/bin/python3");

    private static final String DRIVER = """
            import ast, json, signal, sys
            def on_alarm(signum, frame):
                raise TimeoutError()
            signal.signal(signal.SIGALRM, on_alarm)
            namespaces = {}
            out = sys.stdout
            for line in open(sys.argv[1], encoding='utf-8'):
                job = json.loads(line)
                try:
                    if job['kind'] == 'parse':
                        ast.parse(job['source'])
                        out.write(json.dumps({'value': 'ok'}) + '\\n')
                        continue
                    signal.alarm(2)
                    program = job['source']
                    if program not in namespaces:
                        namespace = {}
                        exec(program, namespace)
                        namespaces[program] = namespace
                    value = namespaces[program][job['function']](eval(job['argument']))
                    signal.alarm(0)
                    out.write(json.dumps({'value': repr(value)}) + '\\n')
                except BaseException as error:
                    signal.alarm(0)
                    out.write(json.dumps({'error': type(error).__name__}) + '\\n')
            """;

    /** One call of a generated function with one argument, written as a Python literal. */
    public record Call(String program, String function, String argument) {
    }

    private PythonBatch() {
    }

    /** The {@code repr} of each call's result, or empty where the call raised. */
    public static List<Optional<String>> evaluate(List<Call> calls) {
        List<Map<String, String>> jobs = new ArrayList<>(calls.size());
        for (Call call : calls) {
            jobs.add(Map.of("kind", "call", "source", call.program(), "function", call.function(),
                    "argument", call.argument()));
        }
        return run(jobs);
    }

    /** Whether each source parses as Python ({@code ast.parse}). */
    public static List<Boolean> parses(List<String> sources) {
        List<Map<String, String>> jobs = new ArrayList<>(sources.size());
        for (String source : sources) {
            jobs.add(Map.of("kind", "parse", "source", source));
        }
        return run(jobs).stream().map(Optional::isPresent).toList();
    }

    private static List<Optional<String>> run(List<Map<String, String>> jobs) {
        JsonMapper json = ModelJson.mapper();
        Path directory = null;
        try {
            directory = Files.createTempDirectory("leti-python-batch");
            Path input = directory.resolve("jobs.jsonl");
            Path driver = directory.resolve("driver.py");
            Path output = directory.resolve("results.jsonl");
            StringBuilder lines = new StringBuilder();
            for (Map<String, String> job : jobs) {
                lines.append(json.writeValueAsString(job)).append('\n');
            }
            Files.writeString(input, lines, StandardCharsets.UTF_8);
            Files.writeString(driver, DRIVER, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PYTHON, "-I", driver.toString(), input.toString())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(PYTHON + " failed on a batch of " + jobs.size() + " snippets");
            }
            List<Optional<String>> results = new ArrayList<>(jobs.size());
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                JsonNode result = json.readTree(line);
                results.add(result.has("value") ? Optional.of(result.get("value").asString()) : Optional.empty());
            }
            if (results.size() != jobs.size()) {
                throw new IllegalStateException("expected " + jobs.size() + " results from " + PYTHON + ", got " + results.size());
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + PYTHON, e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
