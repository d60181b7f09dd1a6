package dev.leti.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackSettingsTest {

    private static StackSettings settings(List<ServiceKind> services, Map<ServiceKind, Integer> replicas) {
        return new StackSettings(Path.of("home"), Path.of("work"), 9092, 54329, 8080, "key", services, List.of(), replicas);
    }

    @Test
    void oneReplicaEachKeepsTheModuleNamesAndTheFixedPorts() {
        assertThat(settings(List.of(ServiceKind.values()), Map.of()).instances()).containsExactly(
                new ServiceInstance(ServiceKind.ORCHESTRATOR, 1, "orchestrator-service", 8080),
                new ServiceInstance(ServiceKind.GENERATOR, 1, "generator-service", 8081),
                new ServiceInstance(ServiceKind.EXECUTOR, 1, "executor-service", 8082),
                new ServiceInstance(ServiceKind.TRAINER, 1, "trainer-service", 8083));
    }

    @Test
    void furtherReplicasAreNumberedAndTakeThePortsAfterTheTrainers() {
        StackSettings settings = settings(List.of(ServiceKind.values()),
                Map.of(ServiceKind.GENERATOR, 2, ServiceKind.EXECUTOR, 3));
        assertThat(settings.instances()).containsExactly(
                new ServiceInstance(ServiceKind.ORCHESTRATOR, 1, "orchestrator-service", 8080),
                new ServiceInstance(ServiceKind.GENERATOR, 1, "generator-service-1", 8081),
                new ServiceInstance(ServiceKind.GENERATOR, 2, "generator-service-2", 8084),
                new ServiceInstance(ServiceKind.EXECUTOR, 1, "executor-service-1", 8082),
                new ServiceInstance(ServiceKind.EXECUTOR, 2, "executor-service-2", 8085),
                new ServiceInstance(ServiceKind.EXECUTOR, 3, "executor-service-3", 8086),
                new ServiceInstance(ServiceKind.TRAINER, 1, "trainer-service", 8083));
    }

    @Test
    void onlyTheServicesToStartArePlannedInServiceOrder() {
        StackSettings settings = settings(List.of(ServiceKind.EXECUTOR, ServiceKind.ORCHESTRATOR),
                Map.of(ServiceKind.EXECUTOR, 2));
        assertThat(settings.instances()).extracting(ServiceInstance::name, ServiceInstance::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("orchestrator-service", 8080),
                org.assertj.core.groups.Tuple.tuple("executor-service-1", 8082),
                org.assertj.core.groups.Tuple.tuple("executor-service-2", 8084));
    }

    @Test
    void countsBelowOneAbovePartitionsOrOfServicesThatRunOnceAreRefused() {
        List<ServiceKind> all = List.of(ServiceKind.values());
        assertThatThrownBy(() -> settings(all, Map.of(ServiceKind.GENERATOR, 0)))
                .hasMessage("replicas of generator-service must be at least 1, got 0");
        assertThatThrownBy(() -> settings(all, Map.of(ServiceKind.EXECUTOR, StackSettings.MAX_REPLICAS + 1)))
                .hasMessageContaining("at most 8 replicas of executor-service");
        assertThatThrownBy(() -> settings(all, Map.of(ServiceKind.TRAINER, 2)))
                .hasMessage("trainer-service runs once (replicas are supported for generator-service and executor-service)");
        assertThatThrownBy(() -> settings(all, Map.of(ServiceKind.ORCHESTRATOR, 2)))
                .hasMessageStartingWith("orchestrator-service runs once");
        assertThat(settings(all, Map.of(ServiceKind.TRAINER, 1)).instances()).hasSize(4);
    }
}
