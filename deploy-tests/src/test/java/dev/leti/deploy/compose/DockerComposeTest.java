package dev.leti.deploy.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leti.deploy.ExternalTool;
import dev.leti.deploy.RepositoryFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import static dev.leti.deploy.YamlTree.at;
import static dev.leti.deploy.YamlTree.list;
import static dev.leti.deploy.YamlTree.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as Compose itself reads it (Debian's docker-compose, `config`), and the CPU override.
 */
class DockerComposeTest {

    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "orchestrator-service", 8080, "generator-service", 8081,
            "executor-service", 8082, "trainer-service", 8083);
    private static final List<String> GPU_SERVICES = List.of("generator-service", "trainer-service");
    private static final String ARTIFACTS = "/var/lib/leti/artifacts";

    /** The secrets Compose requires, as scripts/compose-env.sh writes them to .env. */
    private static final Map<String, String> SECRETS = Map.of(
            "POSTGRES_PASSWORD", "pg-4f1e", "GRAFANA_ADMIN_PASSWORD", "gf-8a2c",
            "LETI_API_READ_KEY", "read-93bd", "LETI_API_WRITE_KEY", "write-0c57");

    private static Map<String, Object> services;
    private static Map<String, Object> config;

    @BeforeAll
    static void resolveWithCompose() throws Exception {
        ExternalTool.Result result = config(SECRETS);
        assertThat(result.exitCode()).as("docker-compose config:%n%s", result.output()).isZero();
        config = new Yaml().load(result.output());
        services = map(config.get("services"));
    }

    /** `config` with these variables and no .env file (a developer's own .env must not count). */
    private static ExternalTool.Result config(Map<String, String> environment) throws Exception {
        Path noEnvFile = Files.createTempFile("compose", ".env");
        try {
            return ExternalTool.DOCKER_COMPOSE.run(RepositoryFiles.root(), environment,
                    "--env-file", noEnvFile.toString(), "-f", "docker-compose.yml", "config");
        } finally {
            Files.delete(noEnvFile);
        }
    }

    @Test
    void withoutItsSecretsComposeRefusesToStartAndNamesTheMissingOne() throws Exception {
        for (String secret : SECRETS.keySet()) {
            Map<String, String> missingOne = new HashMap<>(SECRETS);
            missingOne.put(secret, null);
            ExternalTool.Result result = config(missingOne);
            assertThat(result.exitCode()).as(secret).isNotZero();
            assertThat(result.output()).as(secret).contains("set " + secret);
        }
    }

    @Test
    void secretsComeOnlyFromTheEnvironment() {
        assertThat(map(at(services, "postgres", "environment"))).containsEntry("POSTGRES_PASSWORD", "pg-4f1e");
        assertThat(map(at(services, "grafana", "environment"))).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "gf-8a2c");
        Map<String, Object> orchestrator = map(at(services, "orchestrator-service", "environment"));
        assertThat(orchestrator).containsEntry("SPRING_DATASOURCE_PASSWORD", "pg-4f1e");
        for (String name : List.of("orchestrator-service", "executor-service")) {
            assertThat(map(at(services, name, "environment"))).as(name)
                    .containsEntry("LETI_API_READ_KEY", "read-93bd").containsEntry("LETI_API_WRITE_KEY", "write-0c57");
        }
    }

    @Test
    void publishedPortsListenOnLoopbackOnly() {
        services.forEach((name, service) -> {
            List<?> ports = (List<?>) map(service).get("ports");
            if (ports == null) {
                return;
            }
            // Compose 1.x prints "127.0.0.1:8080:8080/tcp", Compose 2 a map with host_ip.
            assertThat(ports).as(name).allSatisfy(port -> assertThat(port instanceof Map<?, ?> published
                    ? published.get("host_ip") : port.toString().split(":")[0]).isEqualTo("127.0.0.1"));
        });
    }

    @Test
    void runsKafkaPostgresTheFourServicesPrometheusAndGrafana() {
        assertThat(services).containsOnlyKeys("kafka", "postgres", "orchestrator-service", "generator-service",
                "executor-service", "trainer-service", "prometheus", "grafana");
        assertThat(at(services, "kafka", "image")).asString().startsWith("apache/kafka:");
        assertThat(map(at(services, "kafka", "environment"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void everyContainerHasAHealthcheckAndAMemoryLimit() {
        services.forEach((name, service) -> {
            assertThat(at(service, "healthcheck", "test")).as(name + " healthcheck").isNotNull();
            assertThat(at(service, "deploy", "resources", "limits", "memory")).as(name + " memory limit").isNotNull();
        });
    }

    @Test
    void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
        SERVICE_PORTS.keySet().forEach(name -> assertThat(at(services, name, "depends_on", "kafka", "condition"))
                .as(name).isEqualTo("service_healthy"));
        assertThat(at(services, "orchestrator-service", "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
        assertThat(at(services, "grafana", "depends_on", "prometheus", "condition")).isEqualTo("service_healthy");
    }

    @Test
    void servicesListenWhereTheirHealthcheckAndPrometheusLook() throws IOException {
        String prometheus = Files.readString(RepositoryFiles.resolve("observability/prometheus/prometheus.yml"));
        SERVICE_PORTS.forEach((name, port) -> {
            // The image listens on the PORT it is built with (its SERVER_PORT).
            assertThat(at(services, name, "build", "args", "PORT")).as(name).isEqualTo(String.valueOf(port));
            assertThat(map(at(services, name, "environment")))
                    .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("LETI_KAFKA_PARTITIONS", "8")
                    .containsEntry("LETI_KAFKA_REPLICATION_FACTOR", "1");
            assertThat(at(services, name, "healthcheck", "test").toString()).contains("/readyz", "${SERVER_PORT}");
            assertThat(prometheus).contains(name + ":" + port);
        });
    }

    /** One home per setting: what the service's runtime stage sets is not set again here. */
    @Test
    void composeLeavesToTheImageWhatItsRuntimeSets() {
        Map<String, String> stages = RepositoryFiles.imageStages();
        SERVICE_PORTS.keySet().forEach(name -> {
            String runtime = String.valueOf(at(services, name, "build", "args", "RUNTIME"));
            assertThat(stages).as(name).containsKey(runtime);
            assertThat(map(at(services, name, "environment"))).as(name).doesNotContainKeys(
                    "SERVER_PORT", "JAVA_TOOL_OPTIONS", "LETI_ARTIFACTS_ROOT", "LETI_MODEL_DEVICE", "LETI_EXECUTOR_BACKEND");
        });
    }

    @Test
    void generatorAndTrainerReserveAGpuAndShareTheArtifactsVolumeWithTheOrchestrator() {
        for (String name : GPU_SERVICES) {
            List<Map<String, Object>> devices = list(at(services, name, "deploy", "resources", "reservations", "devices"));
            assertThat(devices).singleElement().satisfies(d -> assertThat(d)
                    .containsEntry("driver", "nvidia").containsEntry("capabilities", List.of("gpu")));
            assertThat(at(services, name, "build", "args", "RUNTIME")).isEqualTo("model-cuda");
        }
        for (String name : List.of("orchestrator-service", "executor-service")) {
            assertThat(at(services, name, "deploy", "resources", "reservations")).as(name).isNull();
        }
        for (String name : List.of("orchestrator-service", "generator-service", "trainer-service")) {
            String runtime = String.valueOf(at(services, name, "build", "args", "RUNTIME"));
            assertThat(RepositoryFiles.imageStages().get(runtime)).as(runtime).contains("LETI_ARTIFACTS_ROOT=" + ARTIFACTS);
            assertThat((List<?>) at(services, name, "volumes")).asString().contains("artifacts:" + ARTIFACTS);
        }
        assertThat(map(config.get("volumes"))).containsKeys("artifacts", "postgres-data");
        assertThat((List<?>) at(services, "postgres", "volumes")).asString().contains("postgres-data:/var/lib/postgresql/data");
    }

    @Test
    void grafanaIsProvisionedWithTheChartsDashboards() throws IOException {
        assertThat((List<?>) at(services, "grafana", "volumes")).asString()
                .contains("observability/grafana/provisioning:/etc/grafana/provisioning:ro")
                .contains("observability/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(RepositoryFiles.resolve("observability/grafana/dashboards").toRealPath())
                .isEqualTo(RepositoryFiles.resolve("k8s/leti/dashboards").toRealPath());
    }

    /**
     * Compose merges lists from an override file, so only `!reset` (Compose 2.24+) removes the GPU
     * reservations; Debian's docker-compose 1.29 predates that tag, so this reads the override itself.
     */
    @Test
    void cpuOverrideRemovesTheGpuReservationsAndBuildsAndRunsTheModelsForTheCpu() throws IOException {
        Map<String, Object> override = new Yaml(new ResetTagConstructor())
                .load(Files.readString(RepositoryFiles.resolve("docker-compose.cpu.yml")));
        Map<String, Object> overridden = map(override.get("services"));

        assertThat(overridden).containsOnlyKeys(GPU_SERVICES);
        for (String name : GPU_SERVICES) {
            assertThat(at(overridden, name, "deploy", "resources", "reservations", "devices")).isEqualTo(new Reset());
            assertThat(map(at(overridden, name, "environment"))).isEqualTo(Map.of("LETI_MODEL_DEVICE", "cpu"));
            assertThat(map(at(overridden, name, "build", "args"))).isEqualTo(Map.of("RUNTIME", "model-cpu"));
        }
    }

    /** What `!reset []` means to Compose: drop the merged value. */
    record Reset() {
    }

    private static final class ResetTagConstructor extends SafeConstructor {
        ResetTagConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!reset"), new ConstructYamlNull() {
                @Override
                public Object construct(Node node) {
                    assertThat(node).isInstanceOf(SequenceNode.class);
                    return new Reset();
                }
            });
        }
    }
}
