package dev.leti.spring.limits;

import dev.leti.contracts.execution.ExecutionLimits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The most a request may ask of the sandbox ({@code leti.limits.*}). The orchestrator refuses a
 * run spec above them, the executor's API a request above them (a 400 naming the field), and
 * the executor lowers a task from Kafka to them. Captured output has its own cap
 * ({@code leti.executor.output-cap}), which no request can change.
 *
 * @param timeout      longest wall-clock limit per program
 * @param memory       largest memory limit per program
 * @param processes    most processes and threads per program
 * @param programSize  largest program (and HumanEval prompt) the executor's API accepts, in UTF-8
 * @param testsSize    largest tests (and MBPP setup code) the executor's API accepts, in UTF-8
 */
@Validated
@ConfigurationProperties("leti.limits")
public record ExecutionMaxima(
        @DefaultValue("60s") @NotNull Duration timeout,
        @DefaultValue("2GB") @NotNull DataSize memory,
        @DefaultValue("128") @Min(1) int processes,
        @DefaultValue("64KB") @NotNull DataSize programSize,
        @DefaultValue("64KB") @NotNull DataSize testsSize) {

    /** The maxima as limits, to compare a request's with. */
    public ExecutionLimits limits() {
        return new ExecutionLimits(timeout.toMillis(), memory.toBytes(), processes);
    }
}
