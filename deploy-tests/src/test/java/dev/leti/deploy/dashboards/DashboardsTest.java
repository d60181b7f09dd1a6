package dev.leti.deploy.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.leti.deploy.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboards are well-formed Grafana JSON whose queries are valid PromQL over metrics the services expose. */
class DashboardsTest {

    @Test
    void theRunThroughputAndJvmKafkaDashboardsAreThere() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files()) {
            JsonNode dashboard = Dashboards.read(file);
            assertThat(dashboard.path("title").asString()).as(file + " title").isNotBlank();
            assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid is unique").isTrue();
        }
        assertThat(uids).containsExactlyInAnyOrder("leti-run", "leti-throughput", "leti-jvm-kafka");
    }

    @Test
    void everyPanelQueriesTheSelectedPrometheusAndFitsTheGrid() throws IOException {
        for (Path file : Dashboards.files()) {
            JsonNode dashboard = Dashboards.read(file);
            assertThat(dashboard.path("templating").path("list"))
                    .anySatisfy(v -> assertThat(v.path("type").asString() + "/" + v.path("name").asString())
                            .isEqualTo("datasource/datasource"));
            Set<Integer> ids = new HashSet<>();
            dashboard.path("panels").forEach(p -> assertThat(ids.add(p.path("id").asInt())).as("panel id").isTrue());
            for (JsonNode panel : Dashboards.panels(dashboard)) {
                String where = file.getFileName() + " / " + panel.path("title").asString();
                assertThat(panel.path("datasource").path("uid").asString()).as(where).isEqualTo("${datasource}");
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + " width").isBetween(1, 24);
                assertThat(grid.path("h").asInt()).as(where + " height").isPositive();
                assertThat(panel.path("targets").size()).as(where + " targets").isPositive();
                panel.path("targets").forEach(t -> assertThat(t.path("expr").asString()).as(where).isNotBlank());
            }
        }
    }

    @Test
    void queriesSelectOnlyMetricsTheServicesExpose() throws IOException {
        Set<String> declared = DeclaredMetrics.all();
        Map<String, Set<String>> unknown = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (Dashboards.Query query : Dashboards.queries()) {
            Set<String> names = PromQl.metricNames(query.expression());
            assertThat(names).as("metrics of %s", query).isNotEmpty();
            collect(query, names, declared, unknown, used);
        }
        for (Dashboards.Query query : Dashboards.variableQueries()) {
            collect(query, PromQl.variableQueryMetrics(query.expression()), declared, unknown, used);
        }

        assertThat(unknown).as("metric names no service exposes").isEmpty();
        assertThat(used).as("every leti meter is on a dashboard")
                .containsAll(DeclaredMetrics.LETI_PER_RUN)
                .contains("leti_runs_active", "leti_execution_outcomes_total", "leti_executions_total",
                        "leti_execution_duration_seconds_bucket", "leti_generation_tokens_total",
                        "leti_training_loss", "leti_training_tokens_per_second", "kafka_consumer_fetch_manager_records_lag_max");
    }

    private static void collect(Dashboards.Query query, Set<String> names, Set<String> declared,
                                Map<String, Set<String>> unknown, Set<String> used) {
        used.addAll(names);
        names.stream().filter(n -> !declared.contains(n))
                .forEach(n -> unknown.computeIfAbsent(n, k -> new TreeSet<>()).add(query.toString()));
    }

    /** promtool parses every expression (as a recording rule) with Prometheus' own PromQL parser. */
    @Test
    void everyExpressionIsValidPromQl(@TempDir Path directory) throws Exception {
        List<Dashboards.Query> queries = Dashboards.queries();
        String rules = queries.stream()
                .map(q -> "      - record: leti:dashboard:" + queries.indexOf(q) + "\n        expr: '"
                        + q.resolved("1m").replace("'", "''") + "'\n")
                .collect(Collectors.joining("", "groups:\n  - name: dashboards\n    rules:\n", ""));
        Path file = Files.writeString(directory.resolve("dashboards.rules.yml"), rules);

        ExternalTool.Result result = ExternalTool.PROMTOOL.run(directory, "check", "rules", file.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void metricNamesAreReadFromPromQlNotFromLabelsFunctionsOrDurations() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le, backend) (rate(leti_execution_duration_seconds_bucket{backend=~\"$b\"}[$__rate_interval])))"))
                .containsExactly("leti_execution_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum(a_total offset 5m) / on (job) group_left (x) b_seconds_sum * 1e9 > bool 0"))
                .containsExactly("a_total", "b_seconds_sum");
        assertThat(PromQl.variableQueryMetrics("label_values(jvm_info, application)")).containsExactly("jvm_info");
    }
}
