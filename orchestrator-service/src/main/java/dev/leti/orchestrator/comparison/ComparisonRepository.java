package dev.leti.orchestrator.comparison;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.orchestrator.run.RunSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Comparisons ({@code comparisons}): the spec their member runs were started from. */
@Repository
public class ComparisonRepository {

    private final JdbcClient jdbc;

    ComparisonRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A comparison's row. */
    public record ComparisonRecord(UUID id, Instant createdAt, RunSpec spec) {
    }

    public void insert(UUID id, RunSpec spec, Instant now) {
        jdbc.sql("insert into comparisons (id, spec, created_at) values (:id, cast(:spec as jsonb), :now)")
                .param("id", id)
                .param("spec", LetiJson.mapper().writeValueAsString(spec))
                .param("now", Timestamp.from(now))
                .update();
    }

    public Optional<ComparisonRecord> find(UUID id) {
        return jdbc.sql("select created_at, spec::text as spec from comparisons where id = :id")
                .param("id", id)
                .query((rs, i) -> new ComparisonRecord(id, rs.getTimestamp("created_at").toInstant(),
                        LetiJson.mapper().readValue(rs.getString("spec"), RunSpec.class)))
                .optional();
    }
}
