package dev.leti.trainer.training;

import dev.leti.contracts.training.TrainingSettings;
import dev.leti.model.training.AdamWSettings;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.LoraOptions;
import dev.leti.model.training.TrainingOptions;
import java.util.Set;

/** The one place where a training request's settings become the model library's options. */
final class WireToModel {

    private WireToModel() {
    }

    /** The request's AdamW betas where it sets them, the model library's otherwise. */
    static AdamWSettings adamW(TrainingSettings.AdamW requested) {
        AdamWSettings library = AdamWSettings.LANGUAGE_MODEL;
        if (requested == null) {
            return library;
        }
        return new AdamWSettings(requested.beta1() == null ? library.beta1() : requested.beta1(),
                requested.beta2() == null ? library.beta2() : requested.beta2(), library.epsilon());
    }

    /** The options of a job of {@code totalSteps} optimizer steps. */
    static TrainingOptions options(TrainingSettings settings, long totalSteps) {
        LoraOptions lora = settings.lora() == null ? null
                : new LoraOptions(settings.lora().rank(), settings.lora().alpha(), Set.copyOf(settings.lora().targetModules()));
        return new TrainingOptions(settings.learningRate(), settings.weightDecay(), adamW(settings.adamW()),
                settings.warmupSteps(), totalSteps, LearningRateSchedule.valueOf(settings.schedule().name()),
                settings.maxGradNorm(), settings.gradientCheckpointing(), lora);
    }
}
