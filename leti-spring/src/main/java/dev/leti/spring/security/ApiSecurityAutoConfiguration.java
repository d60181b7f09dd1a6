package dev.leti.spring.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The HTTP API of a service (everything under {@code /api/}) needs a key: {@code GET} and
 * {@code HEAD} the read key (or the write key), every other method the write key. Actuator
 * probes, {@code /actuator/prometheus} (no run data; Prometheus scrapes it) and the OpenAPI
 * page stay open. Outside the local profile a service with an empty or well-known key does not
 * start.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableWebSecurity
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiSecurityAutoConfiguration {

    @Bean
    ApiKeyAuthenticationManager apiKeyAuthenticationManager(ApiKeyProperties keys, Environment environment) {
        keys.requireUsable(environment.acceptsProfiles(Profiles.of(ApiKeyProperties.LOCAL_PROFILE)));
        return new ApiKeyAuthenticationManager(keys);
    }

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiKeyAuthenticationManager keys) {
        ProblemResponses problems = new ProblemResponses();
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(ApiKeyAuthenticationManager.READER)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(ApiKeyAuthenticationManager.READER)
                        .requestMatchers("/api/**").hasRole(ApiKeyAuthenticationManager.WRITER)
                        .anyRequest().permitAll())
                .build();
    }
}
