package dev.leti.spring.model;

import dev.leti.model.ModelOptions;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The device and precision of the services that run the model (generator, trainer), reported in
 * {@code /actuator/info}.
 */
@AutoConfiguration
@ConditionalOnClass(ModelOptions.class)
@EnableConfigurationProperties(ModelProperties.class)
public class ModelAutoConfiguration {

    @Bean
    ModelOptions modelOptions(ModelProperties properties) {
        return new ModelOptions(properties.device(), properties.precision());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class DeviceInfo {

        @Bean
        InfoContributor deviceInfo(ModelOptions options) {
            return builder -> builder.withDetail("model", Map.of(
                    "device", options.device(), "precision", options.precision().name()));
        }
    }
}
