package dev.leti.orchestrator.web;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The REST API's settings ({@code leti.api.*}).
 *
 * @param key the value mutating requests must carry in the {@code X-API-Key} header
 */
@Validated
@ConfigurationProperties("leti.api")
public record ApiProperties(@NotBlank String key) {
}
