package dev.leti.executor.api;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.executor.execution.ProgramExecutor;
import dev.leti.spring.limits.ExecutionMaxima;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ad-hoc execution of one program, answering the same result the Kafka path publishes. Needs the
 * write key; a request above the server's maxima is a 400 naming the field.
 */
@RestController
@RequestMapping("/api/v1/executions")
class ExecutionController {

    private final ProgramExecutor executor;
    private final ExecutionMaxima maxima;

    ExecutionController(ProgramExecutor executor, ExecutionMaxima maxima) {
        this.executor = executor;
        this.maxima = maxima;
    }

    @PostMapping
    ExecutionReport execute(@Valid @RequestBody ExecutionRequest request) {
        if (request.format() == ProblemFormat.HUMANEVAL && (request.entryPoint() == null || request.entryPoint().isBlank())) {
            throw new InvalidFieldException("entryPoint", "is required for the HUMANEVAL format");
        }
        ExecutionLimits limits = checkedLimits(request);
        requireAtMost("program", request.program(), maxima.programSize());
        requireAtMost("prompt", request.prompt(), maxima.programSize());
        requireAtMost("tests", request.tests(), maxima.testsSize());
        requireAtMost("setupCode", request.setupCode(), maxima.testsSize());
        ExecutionTask task = new ExecutionTask(request.format(), request.prompt(), request.tests(), request.setupCode(),
                request.entryPoint(), limits);
        return executor.execute(request.program(), task);
    }

    private ExecutionLimits checkedLimits(ExecutionRequest request) {
        ExecutionLimits limits = request.limits();
        ExecutionLimits max = maxima.limits();
        if (limits.timeoutMillis() > max.timeoutMillis()) {
            throw new InvalidFieldException("timeoutSeconds", "must be at most " + maxima.timeout().toSeconds()
                    + " (the server's maximum)");
        }
        limits.exceeding(max).entrySet().stream().findFirst().ifPresent(exceeded -> {
            throw new InvalidFieldException(exceeded.getKey(), exceeded.getValue());
        });
        return limits;
    }

    private static void requireAtMost(String field, String text, DataSize max) {
        long bytes = text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > max.toBytes()) {
            throw new InvalidFieldException(field, "is " + bytes + " bytes; must be at most " + max.toBytes()
                    + " (the server's maximum)");
        }
    }
}
