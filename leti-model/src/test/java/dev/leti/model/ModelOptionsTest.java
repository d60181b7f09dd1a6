package dev.leti.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class ModelOptionsTest {

    @Test
    void cpuIsTheDefault() {
        ModelOptions options = new ModelOptions(" ", null);
        assertThat(options.device()).isEqualTo("cpu");
        assertThat(options.precision()).isEqualTo(Precision.FP32);
        assertThat(options.toDevice()).isEqualTo(Device.cpu());
    }

    @Test
    void unknownDevicesAreRejected() {
        assertThatThrownBy(() -> new ModelOptions("tpu", Precision.FP32)).hasMessageContaining("'cpu' or 'cuda[:N]'");
    }

    @Test
    void askingForAMissingGpuFailsWithAClearMessage() {
        assumeThat(Engine.getInstance().getGpuCount()).isZero();
        assertThatThrownBy(() -> new ModelOptions("CUDA:0", Precision.FP16).toDevice())
                .hasMessageContaining("device cuda:0 requested but the PyTorch engine sees 0 GPU(s)");
    }
}
