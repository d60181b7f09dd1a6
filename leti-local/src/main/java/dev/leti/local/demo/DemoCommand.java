package dev.leti.local.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.leti.local.client.EvalSample;
import dev.leti.local.client.OrchestratorClient;
import dev.leti.local.client.RunStatus;
import dev.leti.local.report.Durations;
import dev.leti.local.report.RunReport;
import dev.leti.local.stack.LocalStack;
import dev.leti.local.stack.ServiceKind;
import dev.leti.local.stack.StackSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./leti demo}: a LeTI run with textual feedback on the built-in problems, watched to the end,
 * then a pass@k table per iteration and a Markdown report. If an earlier demo run was interrupted
 * (Ctrl-C, kill -9), the orchestrator resumes it and the demo watches that one instead of starting anew.
 */
public final class DemoCommand {

    static final String DEMO_SPEC = "demo-spec.json";

    private final PrintStream out;

    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * @param spec       the run spec: the built-in demo spec, or a file the user gave
     * @param iterations overrides the spec's iterations when not null
     */
    public RunReport run(LocalStack stack, JsonNode spec, Integer iterations, Path reportFile, Instant started)
            throws IOException, InterruptedException {
        OrchestratorClient client = client(stack);
        ObjectNode body = spec.asObject().deepCopy();
        if (iterations != null) {
            body.put("iterations", iterations);
        }
        UUID id = resumableRun(client, body.path("name").asString("")).orElse(null);
        if (id == null) {
            RunStatus created = client.createRun(body);
            id = created.id();
            out.printf("%nrun %s started: %s feedback, %d iterations (GET %s)%n", id, created.spec().feedbackMode(),
                    created.plannedIterations(), runUri(stack, id));
        } else {
            out.printf("%nresuming the interrupted run %s (GET %s)%n", id, runUri(stack, id));
        }
        RunStatus finished = new RunWatcher(client, out).watch(Map.of("", id)).get("");
        if (!finished.succeeded()) {
            throw new IOException("run " + id + " ended " + finished.state()
                    + (finished.failureReason() == null ? "" : ": " + finished.failureReason()));
        }
        RunReport report = new RunReport(finished, evaluationSamples(client, finished),
                Duration.between(started, Instant.now()));
        out.println();
        out.print(report.iterationTable().console());
        out.println();
        out.println(report.verdict());
        out.print(report.rewardTokenConsole());
        Files.writeString(reportFile, report.markdown("LeTI demo: textual feedback on the built-in problems"));
        out.printf("%nreport: %s%n", reportFile.toAbsolutePath());
        out.printf("wall time: %s (stack start included)%n", Durations.format(report.wall()));
        return report;
    }

    /** A run of the same name still RUNNING (the orchestrator resumed it after a restart). */
    private static java.util.Optional<UUID> resumableRun(OrchestratorClient client, String name) throws IOException {
        for (JsonNode summary : client.getJson("/api/v1/runs?state=RUNNING&size=50").path("content")) {
            if (summary.path("comparisonId").isNull() && name.equals(summary.path("name").asString(""))) {
                return java.util.Optional.of(UUID.fromString(summary.path("id").asString()));
            }
        }
        return java.util.Optional.empty();
    }

    static Map<Integer, List<EvalSample>> evaluationSamples(OrchestratorClient client, RunStatus run) throws IOException {
        Map<Integer, List<EvalSample>> samples = new LinkedHashMap<>();
        for (RunStatus.Iteration iteration : run.iterations()) {
            samples.put(iteration.number(), client.evaluationSamples(run.id(), iteration.number()));
        }
        return samples;
    }

    public static OrchestratorClient client(LocalStack stack) {
        StackSettings settings = stack.settings();
        List<ServiceKind> missing = new ArrayList<>(List.of(ServiceKind.values()));
        missing.removeAll(stack.startedServices());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the LeTI loop needs all four services; not running: "
                    + missing.stream().map(ServiceKind::module).toList() + " (build them with ./mvnw -DskipTests install)");
        }
        return new OrchestratorClient(java.net.URI.create("http://127.0.0.1:" + settings.httpPort(ServiceKind.ORCHESTRATOR)),
                settings.apiKey());
    }

    private static String runUri(LocalStack stack, UUID id) {
        return "http://localhost:" + stack.settings().httpPort(ServiceKind.ORCHESTRATOR) + "/api/v1/runs/" + id;
    }

    public static JsonNode builtInSpec(tools.jackson.databind.json.JsonMapper json) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DEMO_SPEC)) {
            return json.readTree(in);
        }
    }
}
