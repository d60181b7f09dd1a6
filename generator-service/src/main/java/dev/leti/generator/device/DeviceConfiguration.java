package dev.leti.generator.device;

import dev.leti.model.ModelOptions;
import dev.leti.model.Precision;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The device the model runs on ({@code leti.model.device}: cpu or cuda), reported in {@code /actuator/info}. */
@Configuration(proxyBeanMethods = false)
class DeviceConfiguration {

    @Bean
    ModelOptions modelOptions(@Value("${leti.model.device:cpu}") String device,
            @Value("${leti.model.precision:FP32}") Precision precision) {
        return new ModelOptions(device, precision);
    }

    @Bean
    InfoContributor deviceInfo(ModelOptions options) {
        return builder -> builder.withDetail("model", Map.of(
                "device", options.device(), "precision", options.precision().name()));
    }
}
