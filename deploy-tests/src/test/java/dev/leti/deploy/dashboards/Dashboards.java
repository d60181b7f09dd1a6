package dev.leti.deploy.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.leti.deploy.RepositoryFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboards (k8s/leti/dashboards, mounted by docker-compose too) and their queries. */
final class Dashboards {

    static final Path DIRECTORY = RepositoryFiles.resolve("k8s/leti/dashboards");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One PromQL expression of one panel. */
    record Query(String dashboard, String panel, String expression) {

        /** The expression as Grafana sends it with every variable on "All" and the given rate window. */
        String resolved(String rateInterval) {
            return expression
                    .replace("$__rate_interval", rateInterval)
                    .replace("$__interval", "15s")
                    .replaceAll("\\$\\{?\\w+}?", ".*");
        }

        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expression;
        }
    }

    private Dashboards() {
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode read(Path file) {
        return JSON.readTree(file.toFile());
    }

    /** Panels that show data (rows only group them). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!"row".equals(p.path("type").asString())) {
                panels.add(p);
            }
        });
        return panels;
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            for (JsonNode panel : panels(dashboard)) {
                panel.path("targets").forEach(t -> queries.add(new Query(
                        dashboard.path("uid").asString(), panel.path("title").asString(), t.path("expr").asString())));
            }
        }
        return queries;
    }

    static List<Query> variableQueries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            dashboard.path("templating").path("list").forEach(v -> {
                if ("query".equals(v.path("type").asString())) {
                    queries.add(new Query(dashboard.path("uid").asString(), "variable " + v.path("name").asString(),
                            v.path("query").path("query").asString()));
                }
            });
        }
        return queries;
    }
}
