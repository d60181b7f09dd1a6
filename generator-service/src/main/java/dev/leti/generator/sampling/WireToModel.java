package dev.leti.generator.sampling;

import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.model.sampling.StopReason;

/** The one place where the generator's messages meet the model library's own types. */
final class WireToModel {

    private WireToModel() {
    }

    static SamplingOptions sampling(GenerationRequest request) {
        SamplingSettings settings = request.sampling();
        return new SamplingOptions(settings.temperature(), settings.topP(), settings.topK(), settings.maxNewTokens(),
                request.stopSequences());
    }

    static FinishReason finishReason(StopReason reason) {
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case END_OF_TEXT -> FinishReason.END_OF_TEXT;
            case LENGTH -> FinishReason.LENGTH;
        };
    }
}
