package dev.leti.orchestrator.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.orchestrator.FakeWorkers;
import dev.leti.orchestrator.FakeWorkersConfiguration;
import dev.leti.orchestrator.Fixtures;
import dev.leti.orchestrator.OrchestratorApplication;
import dev.leti.orchestrator.TestDatabase;
import dev.leti.orchestrator.lifecycle.Stage;
import dev.leti.orchestrator.run.RunService;
import dev.leti.orchestrator.run.RunSpec;
import dev.leti.orchestrator.run.RunView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Stopping the orchestrator (and the fake workers with it) in the middle of a stage and
 * starting it again on the same database and broker: the run continues from its recorded
 * state and ends with exactly the counts and pass@k of an uninterrupted run. Full context,
 * started twice: what is tested is an application restart.
 */
class ResumeTest {

    static final int TRAIN_PROBLEMS = 6;
    static final int EVAL_PROBLEMS = 4;
    static final int N = 4;

    static EmbeddedKafkaKraftBroker broker;
    static String databaseUrl;
    static Path artifacts;

    @BeforeAll
    static void infrastructure() {
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.afterPropertiesSet();
        // A database of its own: other test contexts in this JVM step every running run of theirs.
        String database = "resume_" + UUID.randomUUID().toString().replace("-", "");
        var postgres = TestDatabase.postgres();
        JdbcClient.create(postgres.getPostgresDatabase()).sql("create database " + database).update();
        databaseUrl = postgres.getJdbcUrl("postgres", database);
        artifacts = TestDatabase.tempDirectory("leti-resume");
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    static ConfigurableApplicationContext startOrchestrator() {
        return new SpringApplicationBuilder(OrchestratorApplication.class, FakeWorkersConfiguration.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=" + databaseUrl,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--leti.artifacts.root=" + artifacts);
    }

    @Test
    void aRunStoppedInTheMiddleOfAStageContinuesAfterARestartWithoutLosingOrDoublingSamples() {
        String json = spec();
        UUID id;
        try (var first = startOrchestrator()) {
            RunService runs = first.getBean(RunService.class);
            id = runs.create(LetiJson.mapper().readValue(json, RunSpec.class)).id();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                RunView run = runs.get(id);
                return run.currentIteration() == 1 && run.currentStage() == Stage.GENERATING
                        && run.progress().done() > 0;
            });
            RunView beforeStop = runs.get(id);
            assertThat(beforeStop.progress().done()).isLessThan(beforeStop.progress().total());
        }

        try (var second = startOrchestrator()) {
            assertEndsWithTheCountsOfAnUninterruptedRun(second, id);
        }
    }

    /**
     * PostgreSQL cutting the orchestrator's connections (as its restart does: SQLSTATE 57P01, then
     * 08006 on the cut connections) again and again for three seconds mid-stage: run steps,
     * outbox passes and listeners that meet a cut connection are retried, so the run neither
     * fails nor loses or doubles a sample.
     */
    @Test
    void aRunWhoseDatabaseConnectionsAreCutMidStageEndsWithTheCountsOfAnUndisturbedRun() throws Exception {
        try (var orchestrator = startOrchestrator()) {
            RunService runs = orchestrator.getBean(RunService.class);
            UUID id = runs.create(LetiJson.mapper().readValue(spec(), RunSpec.class)).id();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                RunView run = runs.get(id);
                return run.currentIteration() == 1 && run.currentStage() == Stage.GENERATING
                        && run.progress().done() > 0;
            });
            JdbcClient admin = JdbcClient.create(TestDatabase.postgres().getPostgresDatabase());
            String database = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1).split("\\?")[0];
            int cut = 0;
            for (long end = System.nanoTime() + Duration.ofSeconds(3).toNanos(); System.nanoTime() < end; ) {
                cut += admin.sql("select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = :db")
                        .param("db", database).query(Integer.class).single();
            }
            assertThat(cut).as("connections cut").isPositive();
            assertEndsWithTheCountsOfAnUninterruptedRun(orchestrator, id);
        }
    }

    private static String spec() {
        return """
                {"baseCheckpoint": "%s", "dataset": {"reference": "%s"}, "iterations": 1, "samplesPerProblem": %d,
                 "evaluation": {"kValues": [1, 2], "samplesPerProblem": %d}}"""
                .formatted(FakeWorkers.SLOW, Fixtures.MBPP_MINI, N, N);
    }

    private static void assertEndsWithTheCountsOfAnUninterruptedRun(ConfigurableApplicationContext context, UUID id) {
        RunService runs = context.getBean(RunService.class);
        // ignoreExceptions: right after cut connections, a read may meet one before the pool drops it.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> runs.get(id).state().terminal());
        RunView run = runs.get(id);

        assertThat(run.state().name()).as(run.failureReason()).isEqualTo("SUCCEEDED");
        var base = run.iterations().get(0);
        var trained = run.iterations().get(1);
        assertThat(base.passAtK().get("test").get(1)).isCloseTo(0.25, within(1e-9));
        assertThat(trained.passAtK().get("test").get(1)).isCloseTo(0.5, within(1e-9));
        assertThat(trained.train().samples()).isEqualTo(TRAIN_PROBLEMS * N);
        assertThat(trained.train().results()).isEqualTo(TRAIN_PROBLEMS * N);
        assertThat(trained.train().outcomes()).containsEntry("PASSED", 12L).containsEntry("FAILED", 6L)
                .containsEntry("SANDBOX_ERROR", 6L);
        assertThat(trained.training().examples()).isEqualTo(18);
        assertThat(base.evaluation().samples()).isEqualTo(EVAL_PROBLEMS * N);
        assertThat(trained.evaluation().samples()).isEqualTo(EVAL_PROBLEMS * N);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        assertThat(jdbc.sql("select count(*) from samples where run_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(2L * EVAL_PROBLEMS * N + TRAIN_PROBLEMS * N);
        assertThat(jdbc.sql("select count(*) from training_jobs where run_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }
}
