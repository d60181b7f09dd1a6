package dev.leti.model.training;

import java.time.Duration;

/**
 * What one optimizer step did.
 *
 * @param step          optimizer steps completed, this one included
 * @param loss          mean next-token cross-entropy (nats) over the step's target tokens
 * @param targetTokens  tokens the loss was computed on
 * @param inputTokens   tokens fed to the model (padding included)
 * @param learningRate  learning rate used
 * @param gradientNorm  global gradient norm before clipping
 * @param elapsed       wall time of the step
 */
public record StepResult(long step, double loss, long targetTokens, long inputTokens, double learningRate,
        double gradientNorm, Duration elapsed) {

    /** Target tokens per second. */
    public double tokensPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? targetTokens / seconds : 0;
    }
}
