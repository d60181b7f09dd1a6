package dev.leti.local.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.leti.local.client.OrchestratorClient;
import dev.leti.local.client.RunStatus;
import dev.leti.local.report.ComparisonReport;
import dev.leti.local.report.Durations;
import dev.leti.local.report.RunReport;
import dev.leti.local.stack.LocalStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./leti compare}: TEXTUAL, BINARY and NONE feedback from the same base checkpoint and budget,
 * through the orchestrator's comparison endpoint ({@code POST /api/v1/comparisons}), watched to the
 * end, then side by side on the console and in a Markdown report.
 */
public final class CompareCommand {

    static final List<String> MODES = List.of("TEXTUAL", "BINARY", "NONE");

    private final PrintStream out;

    public CompareCommand(PrintStream out) {
        this.out = out;
    }

    public ComparisonReport run(LocalStack stack, JsonNode spec, Integer iterations, Path reportFile, Instant started)
            throws IOException, InterruptedException {
        OrchestratorClient client = DemoCommand.client(stack);
        ObjectNode run = spec.asObject().deepCopy();
        run.remove("feedbackMode");
        run.put("name", "leti-compare");
        if (iterations != null) {
            run.put("iterations", iterations);
        }
        ObjectNode body = client.mapper().createObjectNode();
        body.set("run", run);
        MODES.forEach(body.putArray("feedbackModes")::add);
        JsonNode comparison = client.postJson("/api/v1/comparisons", body);
        Map<String, UUID> runs = new LinkedHashMap<>();
        for (JsonNode entry : comparison.path("runs")) {
            runs.put(entry.path("feedbackMode").asString(), UUID.fromString(entry.path("runId").asString()));
        }
        out.printf("%ncomparison %s started: %s (GET %s/api/v1/comparisons/%s)%n", comparison.path("id").asString(),
                runs.keySet(), "http://localhost:" + stack.settings().portBase(), comparison.path("id").asString());

        Map<String, RunStatus> finished = new RunWatcher(client, out).watch(runs);
        Map<String, RunReport> reports = new LinkedHashMap<>();
        for (Map.Entry<String, RunStatus> entry : finished.entrySet()) {
            RunStatus status = entry.getValue();
            if (!status.succeeded()) {
                throw new IOException(entry.getKey() + " run " + status.id() + " ended " + status.state()
                        + (status.failureReason() == null ? "" : ": " + status.failureReason()));
            }
            reports.put(entry.getKey(), new RunReport(status, DemoCommand.evaluationSamples(client, status),
                    Duration.between(started, Instant.now())));
        }
        ComparisonReport report = new ComparisonReport(reports, Duration.between(started, Instant.now()));
        out.println();
        out.print(report.passAtKTable().console());
        out.println();
        out.print(report.changeTable().console());
        out.println();
        out.print(report.stepsConsole());
        report.write(reportFile);
        out.printf("%nreport: %s%n", reportFile.toAbsolutePath());
        out.printf("wall time: %s (stack start included)%n", Durations.format(report.wall()));
        return report;
    }
}
