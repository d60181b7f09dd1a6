package dev.leti.spring.limits;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The sandbox maxima of the services that take execution limits over HTTP (orchestrator, executor). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ExecutionMaxima.class)
public class ExecutionMaximaAutoConfiguration {
}
