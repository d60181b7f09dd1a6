package dev.leti.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.training.TrainingSettings;
import dev.leti.model.training.AdamWSettings;
import dev.leti.model.training.TrainingOptions;
import org.junit.jupiter.api.Test;

/** A training request's settings as the model library's options. */
class WireToModelTest {

    @Test
    void adamWBetasComeFromTheRequestWhereItSetsThemAndFromTheLibraryOtherwise() {
        TrainingSettings defaults = TrainingSettings.EMPTY.withDefaults();
        TrainingSettings pyTorchBetas = new TrainingSettings(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, new TrainingSettings.AdamW(0.8, 0.999)).withDefaults();
        TrainingSettings onlyBeta2 = new TrainingSettings(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, new TrainingSettings.AdamW(null, 0.98)).withDefaults();

        assertThat(WireToModel.options(defaults, 10).adamW()).isEqualTo(AdamWSettings.LANGUAGE_MODEL);
        TrainingOptions options = WireToModel.options(pyTorchBetas, 10);
        assertThat(options.adamW()).isEqualTo(new AdamWSettings(0.8, 0.999, AdamWSettings.LANGUAGE_MODEL.epsilon()));
        assertThat(WireToModel.options(onlyBeta2, 10).adamW().beta1()).isEqualTo(AdamWSettings.LANGUAGE_MODEL.beta1());
        assertThat(WireToModel.options(onlyBeta2, 10).adamW().beta2()).isEqualTo(0.98);
    }
}
