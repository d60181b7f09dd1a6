package dev.leti.spring.model;

import dev.leti.model.Precision;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how the model runs ({@code leti.model.*}) in the services that run it.
 *
 * @param device    {@code cpu} or {@code cuda} (default cpu)
 * @param precision compute precision (default FP32)
 */
@ConfigurationProperties("leti.model")
public record ModelProperties(String device, Precision precision) {

    public ModelProperties {
        device = device == null ? "cpu" : device;
        precision = precision == null ? Precision.FP32 : precision;
    }
}
