package dev.leti.executor.api;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionLimits;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.executor.execution.ExecutionReport;
import dev.leti.executor.execution.ProgramExecutor;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ad-hoc execution of one program, answering the same result the Kafka path publishes. */
@RestController
@RequestMapping("/api/v1/executions")
class ExecutionController {

    private final ProgramExecutor executor;

    ExecutionController(ProgramExecutor executor) {
        this.executor = executor;
    }

    @PostMapping
    ExecutionReport execute(@Valid @RequestBody ExecutionRequest request) {
        if (request.format() == ProblemFormat.HUMANEVAL && (request.entryPoint() == null || request.entryPoint().isBlank())) {
            throw new InvalidFieldException("entryPoint", "is required for the HUMANEVAL format");
        }
        ExecutionLimits defaults = ExecutionLimits.DEFAULT;
        long timeoutMillis = request.timeoutSeconds() == null ? defaults.timeoutMillis() : request.timeoutSeconds() * 1000L;
        ExecutionLimits limits = new ExecutionLimits(timeoutMillis, defaults.memoryBytes(), defaults.maxProcesses());
        ExecutionTask task = new ExecutionTask(request.format(), request.prompt(), request.tests(), request.setupCode(),
                request.entryPoint(), limits);
        return executor.execute(request.program(), task);
    }
}
