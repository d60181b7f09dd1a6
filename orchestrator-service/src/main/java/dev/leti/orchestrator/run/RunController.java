package dev.leti.orchestrator.run;

import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.Outcome;
import dev.leti.orchestrator.lifecycle.RunState;
import dev.leti.orchestrator.sample.SampleView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Start, watch, inspect and cancel LeTI runs. */
@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "runs")
public class RunController {

    private final RunService runs;

    RunController(RunService runs) {
        this.runs = runs;
    }

    @PostMapping
    @Operation(summary = "Start a run", description = "Validates the spec, loads its datasets, records the run and "
            + "publishes the base evaluation's generation requests. Requires the write key in X-API-Key.",
            parameters = @Parameter(name = "X-API-Key", in = ParameterIn.HEADER, required = true))
    public ResponseEntity<RunView> create(@Valid @RequestBody(required = false) RunSpec spec) {
        RunView run = runs.create(spec == null ? RunSpec.EMPTY : spec);
        return ResponseEntity.created(URI.create("/api/v1/runs/" + run.id())).body(run);
    }

    @GetMapping
    @Operation(summary = "List runs, newest first")
    public PageView<RunView.Summary> list(
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            @RequestParam(required = false) RunState state) {
        return runs.list(page, size, state);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A run: state, current iteration and stage, progress, per-iteration metrics")
    public RunView get(@PathVariable UUID id) {
        return runs.get(id);
    }

    @GetMapping("/{id}/iterations/{n}/samples")
    @Operation(summary = "An iteration's samples with their outcome and feedback")
    public PageView<SampleView> samples(
            @PathVariable UUID id,
            @PathVariable @Min(0) int n,
            @RequestParam(required = false) Outcome outcome,
            @RequestParam(required = false) SamplePurpose purpose,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(500) int size) {
        return runs.samples(id, n, outcome, purpose, page, size);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a run at whatever stage it is in. Requires the write key in X-API-Key.",
            parameters = @Parameter(name = "X-API-Key", in = ParameterIn.HEADER, required = true))
    public RunView cancel(@PathVariable UUID id) {
        return runs.cancel(id);
    }
}
