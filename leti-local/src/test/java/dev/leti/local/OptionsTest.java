package dev.leti.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.leti.local.stack.ServiceKind;
import dev.leti.local.stack.StackSettings;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final List<ServiceKind> ALL = List.of(ServiceKind.values());

    private static StackSettings parse(String... args) {
        return Options.parse(args).stackSettings(Path.of("."));
    }

    @Test
    void replicasNameServicesLikeServicesDoesAndDefaultToOneEach() {
        assertThat(parse("up", "--replicas", "generator=2,executor-service=3").replicas())
                .isEqualTo(Map.of(ServiceKind.GENERATOR, 2, ServiceKind.EXECUTOR, 3));
        assertThat(parse("up", "--replicas=generator=2").replicas(ServiceKind.GENERATOR)).isEqualTo(2);
        assertThat(parse("up").replicas()).isEmpty();
        assertThat(parse("up").replicas(ServiceKind.EXECUTOR)).isEqualTo(1);
        assertThat(Options.replicas(" generator = 2 , ", ALL)).isEqualTo(Map.of(ServiceKind.GENERATOR, 2));
    }

    @Test
    void everyCommandThatStartsTheStackTakesReplicas() {
        for (String command : List.of("up", "demo", "compare")) {
            Options options = Options.parse(new String[] {command, "--replicas", "generator=2"});
            options.requireOnly(Options.STACK_OPTIONS);
        }
    }

    @Test
    void stdinCommandsIsAFlag() {
        Options options = Options.parse(new String[] {"up", "--stdin-commands", "--replicas", "generator=2"});
        assertThat(options.flag("stdin-commands")).isTrue();
        assertThat(options.get("replicas", "")).isEqualTo("generator=2");
        assertThat(Options.parse(new String[] {"up"}).flag("stdin-commands")).isFalse();
    }

    @Test
    void malformedUnknownRepeatedNotStartedOrNonNumericEntriesAreErrors() {
        assertThatThrownBy(() -> Options.replicas("generator", ALL))
                .hasMessage("--replicas takes service=count[,service=count]..., got 'generator'");
        assertThatThrownBy(() -> Options.replicas("=2", ALL)).hasMessageContaining("got '=2'");
        assertThatThrownBy(() -> Options.replicas("sampler=2", ALL)).hasMessage("unknown service 'sampler'");
        assertThatThrownBy(() -> Options.replicas("generator=2,generator=3", ALL))
                .hasMessage("--replicas names generator-service twice");
        assertThatThrownBy(() -> Options.replicas("generator=two", ALL))
                .hasMessage("--replicas: the count of generator-service must be a number, got 'two'");
        assertThatThrownBy(() -> parse("up", "--services", "orchestrator,executor", "--replicas", "generator=2"))
                .hasMessage("--replicas names generator-service, which --services does not start");
    }

    @Test
    void countsOutOfRangeAndServicesThatRunOnceAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("up", "--replicas", "executor=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicas of executor-service must be at least 1, got 0");
        assertThatThrownBy(() -> parse("up", "--replicas", "orchestrator=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orchestrator-service runs once");
    }
}
