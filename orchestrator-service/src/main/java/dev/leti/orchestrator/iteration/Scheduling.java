package dev.leti.orchestrator.iteration;

import dev.leti.orchestrator.OrchestratorProperties;
import dev.leti.orchestrator.messaging.OutboxRelay;
import dev.leti.spring.database.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The two loops of the orchestrator: stepping runs, and relaying the outbox to Kafka. */
@Configuration(proxyBeanMethods = false)
class Scheduling implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Scheduling.class);

    private final IterationEngine engine;
    private final OutboxRelay relay;
    private final OrchestratorProperties properties;

    Scheduling(IterationEngine engine, OutboxRelay relay, OrchestratorProperties properties) {
        this.engine = engine;
        this.relay = relay;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(engine::tick, properties.tickInterval());
        registrar.addFixedDelayTask(this::relayAll, properties.relayInterval());
    }

    private void relayAll() {
        try {
            while (relay.publishPending() == properties.relayBatchSize()) {
                // A full batch: more may be pending, publish on without waiting.
            }
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            // The rows stay pending; the next pass publishes them once the database is back.
            log.warn("outbox not relayed, the database is unavailable: {}", e.getMessage());
        }
    }
}
