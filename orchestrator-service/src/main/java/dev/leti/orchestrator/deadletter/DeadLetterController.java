package dev.leti.orchestrator.deadletter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Dead letters you can see and replay after a fix. */
@RestController
@RequestMapping("/api/v1/dead-letters")
@Tag(name = "dead letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** What a replay answers. */
    public record Replay(String topic, int replayed) {
    }

    @GetMapping
    @Operation(summary = "Records waiting on each topic's dead-letter topic (not yet replayed)")
    public Map<String, Long> waiting() {
        return new TreeMap<>(deadLetters.waiting());
    }

    @PostMapping("/{topic}/replay")
    @Operation(summary = "Publish a topic's dead letters to the topic again, each once (after the cause was fixed)")
    public Replay replay(@PathVariable String topic) {
        return new Replay(topic, deadLetters.replay(topic));
    }
}
