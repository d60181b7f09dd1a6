package dev.leti.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessesTest {

    @TempDir
    Path home;

    @Test
    void modelServicesGetTheirJvmOptionsAndTheUsersComeLaterSoTheyWin() throws Exception {
        StackSettings settings = new StackSettings(home, home.resolve("work"), 9092, 54329, 8080, "key",
                List.of(ServiceKind.values()), List.of("-Xmx2g", "-Dsome.flag=1"));
        for (ServiceKind service : ServiceKind.values()) {
            Path jar = settings.jar(service);
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "jar of " + service);
        }
        try (ServiceProcesses processes = new ServiceProcesses(settings)) {
            for (ServiceKind service : List.of(ServiceKind.GENERATOR, ServiceKind.TRAINER)) {
                List<String> command = processes.command(service);
                assertThat(command).containsSubsequence(ServiceProcesses.MODEL_SERVICE_JVM_OPTIONS);
                assertThat(command.indexOf("-Xmx2g")).isGreaterThan(command.indexOf("-Xmx1g"));
                assertThat(command.subList(command.size() - 2, command.size()))
                        .containsExactly("-jar", home.resolve("work/jars/" + service.module() + ".jar").toString());
            }
            for (ServiceKind service : List.of(ServiceKind.ORCHESTRATOR, ServiceKind.EXECUTOR)) {
                assertThat(processes.command(service)).doesNotContainAnyElementsOf(ServiceProcesses.MODEL_SERVICE_JVM_OPTIONS)
                        .contains("-Xmx2g", "-Dsome.flag=1");
            }
        }
    }

    @Test
    void everyServiceGetsTheWriteKeyAndADifferentReadKeyInTheLocalProfile() {
        StackSettings settings = new StackSettings(home, home.resolve("work"), 9092, 54329, 8080, "key",
                List.of(ServiceKind.values()), List.of());
        try (ServiceProcesses processes = new ServiceProcesses(settings)) {
            for (ServiceInstance instance : settings.instances()) {
                assertThat(processes.environment(instance)).containsEntry("SPRING_PROFILES_ACTIVE", "local")
                        .containsEntry("LETI_API_WRITE_KEY", "key").containsEntry("LETI_API_READ_KEY", "key-read");
            }
        }
    }

    @Test
    void eachReplicaGetsItsOwnPortLogFileAndMetricsTag() {
        StackSettings settings = new StackSettings(home, home.resolve("work"), 9092, 54329, 8080, "key",
                List.of(ServiceKind.values()), List.of(), java.util.Map.of(ServiceKind.GENERATOR, 2));
        try (ServiceProcesses processes = new ServiceProcesses(settings)) {
            for (ServiceInstance instance : settings.instances()) {
                assertThat(processes.environment(instance))
                        .containsEntry("SERVER_PORT", Integer.toString(instance.port()))
                        .containsEntry("MANAGEMENT_METRICS_TAGS_REPLICA", instance.name());
                assertThat(processes.logFile(instance)).isEqualTo(home.resolve("work/logs/" + instance.name() + ".log"));
            }
        }
    }
}
