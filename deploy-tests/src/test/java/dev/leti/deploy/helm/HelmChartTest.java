package dev.leti.deploy.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.leti.deploy.RepositoryFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.leti.deploy.YamlTree.at;
import static dev.leti.deploy.helm.Rendered.containers;
import static dev.leti.deploy.helm.Rendered.env;
import static dev.leti.deploy.helm.Rendered.envVar;
import static dev.leti.deploy.helm.Rendered.labels;
import static dev.leti.deploy.YamlTree.list;
import static dev.leti.deploy.helm.Rendered.mainContainer;
import static dev.leti.deploy.YamlTree.map;
import static dev.leti.deploy.helm.Rendered.podSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Renders the chart in k8s/leti with Helm itself (helm-java) and checks the objects a cluster would get. */
class HelmChartTest {

    private static final Path CHART = RepositoryFiles.resolve("k8s/leti");
    private static final String KUBE_VERSION = "1.31.0";
    private static final List<String> SERVICES =
            List.of("orchestrator-service", "generator-service", "executor-service", "trainer-service");
    private static final List<String> GPU_SERVICES = List.of("generator-service", "trainer-service");
    private static final List<String> ARTIFACT_USERS = List.of("orchestrator-service", "generator-service", "trainer-service");
    private static final String GPU = "nvidia.com/gpu";

    private static Rendered defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = render(CHART.resolve("values.yaml"));
    }

    static Stream<Path> valuesFiles() throws IOException {
        try (Stream<Path> ci = Files.list(CHART.resolve("ci"))) {
            List<Path> files = ci.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(files).as("ci/*.yaml values files").isNotEmpty();
            return Stream.concat(Stream.of(CHART.resolve("values.yaml")), files.stream());
        }
    }

    /** The values files whose artifacts live on the shared volume. */
    static Stream<Path> directoryValuesFiles() throws IOException {
        return valuesFiles().filter(file -> !file.getFileName().toString().startsWith("s3-"));
    }

    private static Rendered render(Path valuesFile) {
        String manifests = new Helm(CHART).template()
                .withName("leti")
                .withNamespace("leti")
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(valuesFile)
                .call();
        return Rendered.parse(CHART.relativize(valuesFile).toString(), manifests);
    }

    private static Rendered renderCi(String name) {
        return render(CHART.resolve("ci").resolve(name));
    }

    @Test
    void lintFindsNothingAboveInfo() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).allSatisfy(m -> assertThat(m).startsWith("[INFO]"));
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void everyServiceIsDeployedWithProbesOnItsHttpPort(Path valuesFile) {
        Rendered rendered = render(valuesFile);

        for (String service : SERVICES) {
            Map<String, Object> container = mainContainer(rendered.component("Deployment", service));
            assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/livez");
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/livez");
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
            assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
            int port = (int) list(container.get("ports")).get(0).get("containerPort");
            assertThat(envVar(container, "SERVER_PORT").get("value")).isEqualTo(String.valueOf(port));

            Map<String, Object> servicePort = list(at(rendered.component("Service", service), "spec", "ports")).get(0);
            assertThat(servicePort).containsEntry("port", port).containsEntry("targetPort", "http");
        }
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void objectsCarryTheStandardLabelsAndServicesSelectTheirPods(Path valuesFile) {
        Rendered rendered = render(valuesFile);

        assertThat(rendered.objects()).allSatisfy(o -> assertThat(labels(o)).containsKeys(
                "helm.sh/chart", "app.kubernetes.io/part-of", "app.kubernetes.io/instance",
                "app.kubernetes.io/version", "app.kubernetes.io/managed-by"));
        for (String service : SERVICES) {
            Map<String, Object> deployment = rendered.component("Deployment", service);
            Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
            Map<String, Object> selector = map(at(rendered.component("Service", service), "spec", "selector"));
            assertThat(podLabels).containsAllEntriesOf(selector).containsEntry("app.kubernetes.io/name", service);
            assertThat(map(at(deployment, "spec", "selector", "matchLabels"))).isEqualTo(selector);
        }
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void secretsAreReferencedNeverInlined(Path valuesFile) {
        Rendered rendered = render(valuesFile);

        assertThat(rendered.ofKind("Secret")).as("the chart creates no secrets").isEmpty();
        List<Map<String, Object>> sensitive = rendered.ofKind("Deployment").stream()
                .flatMap(d -> containers(d).stream())
                .flatMap(c -> env(c).stream())
                .filter(e -> ((String) e.get("name")).matches(".*(PASSWORD|USERNAME|JAAS|API_KEY|ACCESS_KEY|SECRET|TOKEN).*"))
                .toList();
        assertThat(sensitive).isNotEmpty().allSatisfy(e -> {
            assertThat(e).doesNotContainKey("value");
            assertThat(at(e, "valueFrom", "secretKeyRef", "name")).isNotNull();
            assertThat(at(e, "valueFrom", "secretKeyRef", "key")).isNotNull();
        });
        Map<String, Object> orchestrator = mainContainer(rendered.component("Deployment", "orchestrator-service"));
        assertThat(at(envVar(orchestrator, "SPRING_DATASOURCE_PASSWORD"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("leti-postgresql");
        for (String service : List.of("orchestrator-service", "executor-service")) {
            Map<String, Object> container = mainContainer(rendered.component("Deployment", service));
            assertThat(at(envVar(container, "LETI_API_READ_KEY"), "valueFrom", "secretKeyRef"))
                    .isEqualTo(Map.of("name", "leti-api", "key", "read-key"));
            assertThat(at(envVar(container, "LETI_API_WRITE_KEY"), "valueFrom", "secretKeyRef"))
                    .isEqualTo(Map.of("name", "leti-api", "key", "write-key"));
        }
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void dashboardsShipAsConfigMapsForTheGrafanaSidecar(Path valuesFile) throws IOException {
        Rendered rendered = render(valuesFile);
        Path dashboards = RepositoryFiles.resolve("observability/grafana/dashboards");

        Set<String> shipped = new TreeSet<>();
        for (Map<String, Object> configMap : rendered.ofKind("ConfigMap")) {
            assertThat(labels(configMap)).containsEntry("grafana_dashboard", "1");
            Map<String, Object> data = map(configMap.get("data"));
            assertThat(data).hasSize(1);
            Map.Entry<String, Object> file = data.entrySet().iterator().next();
            String source = Files.readString(dashboards.resolve(file.getKey()), StandardCharsets.UTF_8);
            assertThat(file.getValue()).as(file.getKey()).isEqualTo(source.strip());
            shipped.add(file.getKey());
        }
        try (Stream<Path> files = Files.list(dashboards)) {
            assertThat(shipped).containsExactlyElementsOf(
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList());
        }
    }

    @ParameterizedTest
    @MethodSource("directoryValuesFiles")
    void generatorTrainerAndOrchestratorShareTheArtifactVolume(Path valuesFile) {
        Rendered rendered = render(valuesFile);
        String claim = rendered.ofKind("PersistentVolumeClaim").stream()
                .peek(pvc -> assertThat(at(pvc, "spec", "accessModes")).isEqualTo(List.of("ReadWriteMany")))
                .map(pvc -> (String) at(pvc, "metadata", "name"))
                .findFirst()
                .orElse("leti-shared-artifacts");

        for (String service : ARTIFACT_USERS) {
            Map<String, Object> deployment = rendered.component("Deployment", service);
            assertThat(list(podSpec(deployment).get("volumes")))
                    .anySatisfy(v -> assertThat(at(v, "persistentVolumeClaim", "claimName")).isEqualTo(claim));
            Map<String, Object> container = mainContainer(deployment);
            String mountPath = (String) envVar(container, "LETI_ARTIFACTS_ROOT").get("value");
            assertThat(list(container.get("volumeMounts"))).anySatisfy(m -> assertThat(m)
                    .containsEntry("name", "artifacts").containsEntry("mountPath", mountPath));
        }
    }

    @Test
    void s3ArtifactsNeedNoSharedVolumeAndTakeTheirKeysFromASecret() {
        Rendered s3 = renderCi("s3-artifacts.yaml");

        assertThat(s3.ofKind("PersistentVolumeClaim")).as("no ReadWriteMany claim").isEmpty();
        for (String service : ARTIFACT_USERS) {
            Map<String, Object> deployment = s3.component("Deployment", service);
            Map<String, Object> container = mainContainer(deployment);
            assertThat(envVar(container, "LETI_ARTIFACTS_TYPE")).containsEntry("value", "s3");
            assertThat(envVar(container, "LETI_ARTIFACTS_S3_ENDPOINT")).containsEntry("value", "http://minio.storage:9000");
            assertThat(envVar(container, "LETI_ARTIFACTS_S3_BUCKET")).containsEntry("value", "leti-artifacts");
            assertThat(envVar(container, "LETI_ARTIFACTS_S3_PREFIX")).containsEntry("value", "prod");
            assertThat(envVar(container, "LETI_ARTIFACTS_S3_PATHSTYLE")).containsEntry("value", "true");
            assertThat(envVar(container, "LETI_ARTIFACTS_S3_CACHEDIR"))
                    .containsEntry("value", "/var/lib/leti/artifacts/.s3-cache");
            assertThat(at(envVar(container, "AWS_ACCESS_KEY_ID"), "valueFrom", "secretKeyRef"))
                    .isEqualTo(Map.of("name", "leti-s3", "key", "access-key-id"));
            assertThat(at(envVar(container, "AWS_SECRET_ACCESS_KEY"), "valueFrom", "secretKeyRef"))
                    .isEqualTo(Map.of("name", "leti-s3", "key", "secret-access-key"));
            assertThat(list(podSpec(deployment).get("volumes"))).as(service)
                    .contains(Map.of("name", "artifacts", "emptyDir", Map.of()))
                    .noneMatch(volume -> map(volume).containsKey("persistentVolumeClaim"));
        }
        assertThat(env(mainContainer(s3.component("Deployment", "executor-service"))))
                .noneMatch(e -> ((String) e.get("name")).startsWith("LETI_ARTIFACTS") || ((String) e.get("name")).startsWith("AWS_"));
        assertThat(env(mainContainer(defaults.component("Deployment", "trainer-service"))))
                .as("directory by default").noneMatch(e -> e.get("name").equals("LETI_ARTIFACTS_TYPE"));
    }

    @Test
    void s3ArtifactsWithoutABucketOrAnUnknownTypeAreRejected() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("leti").withKubeVersion(KUBE_VERSION)
                .set("artifacts.type", "s3").call())
                .hasMessageContaining("artifacts.s3.bucket is required");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("leti").withKubeVersion(KUBE_VERSION)
                .set("artifacts.type", "nfs").call())
                .hasMessageContaining("artifacts.type must be directory or s3");
    }

    /** One home per setting: the JVM options are the image's (its runtime stage) unless a value replaces them. */
    @Test
    void theJvmOptionsAreTheImagesUnlessAValueReplacesThem() {
        for (String service : SERVICES) {
            assertThat(Rendered.env(mainContainer(defaults.component("Deployment", service))))
                    .as(service).noneMatch(e -> "JAVA_TOOL_OPTIONS".equals(e.get("name")));
        }
        String manifests = new Helm(CHART).template().withName("leti").withNamespace("leti").withKubeVersion(KUBE_VERSION)
                .set("components.executor-service.javaToolOptions", "-XX:MaxRAMPercentage=50.0").call();
        Rendered overridden = Rendered.parse("javaToolOptions", manifests);
        assertThat(envVar(mainContainer(overridden.component("Deployment", "executor-service")), "JAVA_TOOL_OPTIONS"))
                .containsEntry("value", "-XX:MaxRAMPercentage=50.0");
        assertThat(Rendered.env(mainContainer(overridden.component("Deployment", "orchestrator-service"))))
                .noneMatch(e -> "JAVA_TOOL_OPTIONS".equals(e.get("name")));
    }

    @Test
    void byDefaultGeneratorAndTrainerGetAGpuOnAGpuNode() {
        for (String service : GPU_SERVICES) {
            Map<String, Object> deployment = defaults.component("Deployment", service);
            Map<String, Object> container = mainContainer(deployment);
            assertThat(map(at(container, "resources", "limits"))).containsEntry(GPU, 1);
            assertThat(map(podSpec(deployment).get("nodeSelector"))).containsEntry("nvidia.com/gpu.present", "true");
            assertThat(list(podSpec(deployment).get("tolerations")))
                    .anySatisfy(t -> assertThat(t).containsEntry("key", GPU).containsEntry("effect", "NoSchedule"));
            assertThat(envVar(container, "LETI_MODEL_DEVICE")).containsEntry("value", "cuda");
        }
        for (String service : List.of("orchestrator-service", "executor-service")) {
            Map<String, Object> deployment = defaults.component("Deployment", service);
            assertThat(map(at(mainContainer(deployment), "resources", "limits"))).doesNotContainKey(GPU);
            assertThat(podSpec(deployment)).doesNotContainKeys("nodeSelector", "tolerations");
        }
    }

    @Test
    void cpuOnlyValuesTakeTheGpuAway() {
        Rendered cpuOnly = renderCi("cpu-only.yaml");

        for (String service : GPU_SERVICES) {
            Map<String, Object> deployment = cpuOnly.component("Deployment", service);
            Map<String, Object> container = mainContainer(deployment);
            assertThat(map(at(container, "resources", "limits"))).doesNotContainKey(GPU).containsKey("memory");
            assertThat(podSpec(deployment)).doesNotContainKeys("nodeSelector", "tolerations");
            assertThat(envVar(container, "LETI_MODEL_DEVICE")).containsEntry("value", "cpu");
        }
    }

    @Test
    void theModelsVolumeIsMountedReadOnlyWhereModelsAreLoadedOrChecked() {
        Rendered models = renderCi("models-volume.yaml");

        for (String service : List.of("orchestrator-service", "generator-service", "trainer-service")) {
            Map<String, Object> deployment = models.component("Deployment", service);
            assertThat(list(at(mainContainer(deployment), "volumeMounts"))).as(service)
                    .contains(Map.of("name", "models", "mountPath", "/models", "readOnly", true));
            assertThat(list(podSpec(deployment).get("volumes"))).as(service).contains(Map.of("name", "models",
                    "persistentVolumeClaim", Map.of("claimName", "leti-models", "readOnly", true)));
        }
        assertThat(list(podSpec(models.component("Deployment", "executor-service")).get("volumes")))
                .noneMatch(volume -> "models".equals(map(volume).get("name")));
        assertThat(list(podSpec(defaults.component("Deployment", "generator-service")).get("volumes")))
                .as("off by default").noneMatch(volume -> "models".equals(map(volume).get("name")));
    }

    @Test
    void byDefaultExecutorsAutoscaleAndUseTheProcessSandbox() {
        Map<String, Object> deployment = defaults.component("Deployment", "executor-service");
        Map<String, Object> hpa = defaults.component("HorizontalPodAutoscaler", "executor-service");

        assertThat(map(deployment.get("spec"))).as("replicas belong to the autoscaler").doesNotContainKey("replicas");
        assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(at(deployment, "metadata", "name"));
        assertThat(at(hpa, "spec", "minReplicas")).isEqualTo(2);
        assertThat(at(hpa, "spec", "maxReplicas")).isEqualTo(8);
        assertThat(containers(deployment)).hasSize(1);
        Map<String, Object> container = mainContainer(deployment);
        assertThat(envVar(container, "LETI_EXECUTOR_BACKEND")).containsEntry("value", "process");
        assertThat(map(container.get("securityContext"))).containsEntry("runAsUser", 0).containsEntry("privileged", true);
        assertThat(defaults.ofKind("HorizontalPodAutoscaler")).hasSize(1);
    }

    @Test
    void dockerBackendRunsADockerInDockerSidecarOnThePodLoopback() {
        Rendered docker = renderCi("docker-backend.yaml");
        Map<String, Object> deployment = docker.component("Deployment", "executor-service");

        assertThat(docker.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(3);
        Map<String, Object> executor = mainContainer(deployment);
        assertThat(envVar(executor, "LETI_EXECUTOR_BACKEND")).containsEntry("value", "docker");
        assertThat(envVar(executor, "DOCKER_HOST")).containsEntry("value", "tcp://127.0.0.1:2375");
        assertThat(envVar(executor, "LETI_EXECUTOR_DOCKER_IMAGE")).containsEntry("value", "docker.io/leti/sandbox-python:3.11");
        assertThat(map(executor.get("securityContext")))
                .containsEntry("runAsNonRoot", true).doesNotContainKey("privileged");
        Map<String, Object> dind = containers(deployment).stream()
                .filter(c -> "dind".equals(c.get("name"))).findFirst().orElseThrow();
        assertThat(at(dind, "securityContext", "privileged")).isEqualTo(true);
        assertThat(dind.get("args")).isEqualTo(List.of("--host=tcp://127.0.0.1:2375"));
    }

    @Test
    void serviceMonitorIsOffByDefaultAndScrapesEveryServiceWhenOn() {
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();

        Rendered monitored = renderCi("servicemonitor.yaml");
        Map<String, Object> monitor = monitored.ofKind("ServiceMonitor").get(0);
        assertThat(labels(monitor)).containsEntry("release", "kube-prometheus-stack");
        assertThat(list(at(monitor, "spec", "endpoints"))).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("port", "http").containsEntry("path", "/actuator/prometheus").containsEntry("interval", "10s"));
        Map<String, Object> selector = map(at(monitor, "spec", "selector", "matchLabels"));
        for (String service : SERVICES) {
            assertThat(labels(monitored.component("Service", service))).containsAllEntriesOf(selector);
        }
    }

    @Test
    void externalKafkaWithSaslReadsItsCredentialsFromASecret() {
        Rendered sasl = renderCi("servicemonitor.yaml");

        assertThat(sasl.ofKind("PersistentVolumeClaim")).as("an existing claim is used as is").isEmpty();
        for (String service : SERVICES) {
            Map<String, Object> container = mainContainer(sasl.component("Deployment", service));
            assertThat(envVar(container, "SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                    .containsEntry("value", "kafka-0.kafka:9093,kafka-1.kafka:9093");
            assertThat(envVar(container, "SPRING_KAFKA_SECURITY_PROTOCOL")).containsEntry("value", "SASL_SSL");
            assertThat(at(envVar(container, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"), "valueFrom", "secretKeyRef"))
                    .isEqualTo(Map.of("name", "leti-kafka", "key", "sasl.jaas.config"));
            assertThat(envVar(container, "LETI_KAFKA_PARTITIONS")).containsEntry("value", "24");
            assertThat(envVar(container, "LETI_KAFKA_REPLICATION_FACTOR")).containsEntry("value", "2");
        }
    }

    @Test
    void topicsAreCreatedWithEightPartitionsAndThreeReplicasByDefault() {
        Rendered defaults = render(CHART.resolve("values.yaml"));

        for (String service : SERVICES) {
            Map<String, Object> container = mainContainer(defaults.component("Deployment", service));
            assertThat(envVar(container, "LETI_KAFKA_PARTITIONS")).containsEntry("value", "8");
            assertThat(envVar(container, "LETI_KAFKA_REPLICATION_FACTOR")).containsEntry("value", "3");
        }
    }

    @Test
    void kafkaOverTlsTrustsTheCaCertificateFromASecret() {
        Rendered tls = renderCi("network-policy.yaml");

        for (String service : SERVICES) {
            Map<String, Object> deployment = tls.component("Deployment", service);
            Map<String, Object> container = mainContainer(deployment);
            assertThat(envVar(container, "SPRING_KAFKA_SECURITY_PROTOCOL")).containsEntry("value", "SSL");
            assertThat(envVar(container, "SPRING_KAFKA_SSL_TRUST_STORE_TYPE")).containsEntry("value", "PEM");
            assertThat(envVar(container, "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION"))
                    .containsEntry("value", "file:/etc/leti/kafka-tls/ca.crt");
            assertThat(list(container.get("volumeMounts"))).contains(
                    Map.of("name", "kafka-tls", "mountPath", "/etc/leti/kafka-tls", "readOnly", true));
            assertThat(list(podSpec(deployment).get("volumes"))).contains(
                    Map.of("name", "kafka-tls", "secret", Map.of("secretName", "leti-kafka-ca")));
        }
        Map<String, Object> plain = mainContainer(defaults.component("Deployment", "executor-service"));
        assertThat(env(plain)).noneMatch(e -> e.get("name").equals("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION"));
    }

    @Test
    void theExecutorsNetworkPolicyAdmitsOnlyItsClientsAndLetsOutOnlyDnsAndKafka() {
        assertThat(defaults.ofKind("NetworkPolicy")).as("off by default").isEmpty();
        Rendered confined = renderCi("network-policy.yaml");

        Map<String, Object> policy = confined.component("NetworkPolicy", "executor-service");
        assertThat(at(policy, "spec", "podSelector", "matchLabels")).isEqualTo(
                at(confined.component("Service", "executor-service"), "spec", "selector"));
        assertThat(at(policy, "spec", "policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
        Map<String, Object> ingress = list(at(policy, "spec", "ingress")).get(0);
        assertThat(list(ingress.get("from"))).containsExactly(
                Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "orchestrator-service"))),
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring"))));
        assertThat(list(ingress.get("ports"))).containsExactly(Map.of("port", "http", "protocol", "TCP"));
        List<Map<String, Object>> egress = list(at(policy, "spec", "egress"));
        assertThat(egress).hasSize(2);
        assertThat(list(egress.get(0).get("ports"))).extracting(p -> p.get("port")).containsOnly(53);
        assertThat(list(egress.get(1).get("to"))).containsExactly(
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "kafka"))));
        assertThat(list(egress.get(1).get("ports"))).containsExactly(Map.of("port", 9093, "protocol", "TCP"));
    }

    @Test
    void anUnknownKafkaProtocolOrSaslWithoutAMechanismIsRejected() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("leti").withKubeVersion(KUBE_VERSION)
                .set("kafka.securityProtocol", "TLS").call())
                .hasMessageContaining("kafka.securityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("leti").withKubeVersion(KUBE_VERSION)
                .set("kafka.securityProtocol", "SASL_SSL").call())
                .hasMessageContaining("needs kafka.sasl.mechanism");
    }

    @Test
    void anUnknownSandboxBackendIsRejected() {
        assertThatThrownBy(() -> new Helm(CHART).template()
                .withName("leti")
                .withKubeVersion(KUBE_VERSION)
                .set("components.executor-service.sandbox.backend", "chroot")
                .call())
                .hasMessageContaining("sandbox.backend must be process or docker");
    }
}
