package dev.leti.trainer;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Trainer settings ({@code leti.trainer.*}).
 *
 * @param stateDir             where job state lives (request, resume points, result); must survive
 *                             restarts, so it defaults to {@code <artifacts root>/jobs}
 * @param checkpointEverySteps optimizer steps between resume points (model, optimizer and data position)
 * @param progressEverySteps   optimizer steps between progress messages
 */
@Validated
@ConfigurationProperties("leti.trainer")
public record TrainerProperties(@NotNull Path stateDir, @Min(1) int checkpointEverySteps, @Min(1) int progressEverySteps) {
}
