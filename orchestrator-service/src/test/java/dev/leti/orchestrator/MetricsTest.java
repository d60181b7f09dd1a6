package dev.leti.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The orchestrator's meters are on /actuator/prometheus before any run, with the application tag.
 * Full context: the actuator endpoint and the Kafka client meters come from the whole application.
 */
class MetricsTest extends IntegrationTest {

    @Test
    void exposesTheDomainMetersInPrometheusFormat() {
        Response prometheus = get("/actuator/prometheus");

        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.text()).contains(
                "leti_runs_active{application=\"orchestrator-service\"}",
                "leti_runs_total{application=\"orchestrator-service\",state=\"FAILED\"}",
                "leti_iterations_completed_total",
                "leti_samples_recorded_total{application=\"orchestrator-service\",purpose=\"TRAIN\"}",
                "leti_execution_outcomes_total{application=\"orchestrator-service\",exception_type=\"none\",outcome=\"PASSED\"}",
                "leti_stage_duration_seconds_count{application=\"orchestrator-service\",stage=\"TRAINING\"}",
                "kafka_consumer");
    }
}
