package dev.leti.orchestrator;

import dev.leti.orchestrator.comparison.ComparisonRepository;
import dev.leti.orchestrator.messaging.OutboxRepository;
import dev.leti.orchestrator.run.RunRepository;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.sample.SampleRepository;
import dev.leti.orchestrator.training.TrainingJobRepository;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A repository slice: the repositories over the real embedded PostgreSQL that the integration
 * tests use (Flyway-migrated), no web, no Kafka, no scheduling. Every test runs in a transaction
 * that is rolled back. All repositories are imported so that the subclasses share one context.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({RunRepository.class, SampleRepository.class, TrainingJobRepository.class, ComparisonRepository.class,
        OutboxRepository.class})
public abstract class RepositoryTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.registerDataSource(registry);
    }

    @Autowired
    protected RunRepository runs;

    /** A new running run with the default spec, for the rows that reference one. */
    protected UUID insertRun() {
        UUID id = UUID.randomUUID();
        runs.insertRun(id, RunSpec.EMPTY.withDefaults(), null, Instant.now());
        return id;
    }
}
