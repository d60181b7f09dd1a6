package dev.leti.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.orchestrator.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * V4 moves stored data to the one sampling record: a run's and a comparison's spec written before it
 * (evaluation temperature, top-p and token cap flat in {@code evaluation}) and a generation request's
 * payload (stop sequences inside {@code sampling}) read afterwards exactly, with nothing left over.
 */
class SpecMigrationTest {

    private static final JsonMapper STRICT =
            LetiJson.mapper().rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final String V3_SPEC = """
            {"name": "before", "baseCheckpoint": "builtin:leti-tiny",
             "dataset": {"reference": "builtin:leti-tiny", "trainSplit": "train", "evalSplit": "test"},
             "iterations": 2, "samplesPerProblem": 8,
             "sampling": {"temperature": 1.0, "topP": 1.0, "topK": 5, "maxNewTokens": 256, "seed": 3},
             "feedbackMode": "TEXTUAL", "training": {"epochs": 2},
             "evaluation": {"kValues": [1, 5], "samplesPerProblem": 8, "temperature": 0.3, "topP": 0.9,
                            "maxNewTokens": 128, "rewardToken": "GOOD", "extraDatasets": []},
             "execution": {"timeoutMillis": 5000, "memoryBytes": 1073741824, "maxProcesses": 64}}""";

    private static final String V3_REQUEST = """
            {"requestId": "0b8a1d0e-5a47-4c2e-8f8e-6d1c5a9e7f22", "runId": "%s", "iteration": 1,
             "purpose": "TRAIN", "checkpointUri": "builtin:leti-tiny", "rewardToken": "GOOD",
             "sampling": {"temperature": 1.0, "topP": 1.0, "topK": 0, "maxNewTokens": 256,
                          "stopSequences": ["\\ndef "], "seed": 42},
             "problems": [{"problemId": "add", "prompt": "p", "samples": 2,
                           "execution": {"format": "MBPP", "prompt": "", "tests": "assert add(1, 1) == 2",
                                         "setupCode": "", "entryPoint": "", "limits": {"timeoutMillis": 5000,
                                         "memoryBytes": 1073741824, "maxProcesses": 64}}}]}""";

    @Test
    void specsAndRequestsStoredBeforeV4ReadAsTheOneSamplingRecord() throws Exception {
        DataSource dataSource = freshDatabase("spec_migration_" + Long.toHexString(System.nanoTime()));
        flyway(dataSource, "3").migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        UUID run = UUID.randomUUID();
        jdbc.sql("""
                insert into runs (id, feedback_mode, spec, state, current_iteration, created_at, updated_at)
                values (:id, 'TEXTUAL', cast(:spec as jsonb), 'RUNNING', 1, now(), now())""")
                .param("id", run).param("spec", V3_SPEC).update();
        jdbc.sql("""
                insert into generation_requests (request_id, run_id, iteration, purpose, expected_samples, payload,
                    attempts, last_attempt_at)
                values (gen_random_uuid(), :run, 1, 'TRAIN', 2, cast(:payload as jsonb), 1, now())""")
                .param("run", run).param("payload", V3_REQUEST.formatted(run)).update();

        flyway(dataSource, "latest").migrate();

        RunSpec spec = STRICT.readValue(jdbc.sql("select spec::text from runs").query(String.class).single(),
                RunSpec.class);
        assertThat(spec.evaluation().sampling()).isEqualTo(new SamplingSettings(0.3, 0.9, 5, 128, 3L));
        assertThat(spec.sampling()).isEqualTo(new SamplingSettings(1.0, 1.0, 5, 256, 3L));
        GenerationRequest request = STRICT.readValue(
                jdbc.sql("select payload::text from generation_requests").query(String.class).single(),
                GenerationRequest.class);
        assertThat(request.sampling()).isEqualTo(new SamplingSettings(1.0, 1.0, 0, 256, 42L));
        assertThat(request.stopSequences()).containsExactly("\ndef ");
    }

    private static Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource).target(target).load();
    }

    private static DataSource freshDatabase(String name) throws SQLException {
        try (Connection connection = TestDatabase.postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return TestDatabase.postgres().getDatabase("postgres", name);
    }
}
