package dev.leti.orchestrator.run;

import dev.leti.orchestrator.lifecycle.Stage;
import java.time.Instant;

/**
 * An iteration's row.
 *
 * @param sampleCheckpoint the checkpoint its training programs are sampled from
 * @param evalCheckpoint   the checkpoint it evaluates (its training's result); null until trained
 */
public record IterationRecord(int number, Stage stage, String sampleCheckpoint, String evalCheckpoint,
                              Instant startedAt, Instant finishedAt) {
}
