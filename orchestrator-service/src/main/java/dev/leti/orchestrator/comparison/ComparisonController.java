package dev.leti.orchestrator.comparison;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Feedback-mode comparisons: TEXTUAL vs BINARY vs NONE from one spec. */
@RestController
@RequestMapping("/api/v1/comparisons")
@Tag(name = "comparisons")
public class ComparisonController {

    private final ComparisonService comparisons;

    ComparisonController(ComparisonService comparisons) {
        this.comparisons = comparisons;
    }

    @PostMapping
    @Operation(summary = "Start one run per feedback mode from the same spec. Requires the write key in X-API-Key.",
            parameters = @Parameter(name = "X-API-Key", in = ParameterIn.HEADER, required = true))
    public ResponseEntity<ComparisonView> create(@Valid @RequestBody(required = false) ComparisonSpec spec) {
        ComparisonView view = comparisons.create(spec == null ? ComparisonSpec.EMPTY : spec);
        return ResponseEntity.created(URI.create("/api/v1/comparisons/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    @Operation(summary = "The comparison's runs and their pass@k side by side")
    public ComparisonView get(@PathVariable UUID id) {
        return comparisons.get(id);
    }
}
