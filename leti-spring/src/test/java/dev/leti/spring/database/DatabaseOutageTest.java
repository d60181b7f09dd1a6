package dev.leti.spring.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void lostOrRefusedConnectionsAnywhereInTheCauseChainAreAnOutage() {
        // Hikari, waiting in vain for a connection; wrapped as Spring wraps it when a transaction cannot begin.
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("could not open a transaction",
                new SQLTransientConnectionException("pool - Connection is not available")))).isTrue();
        // PostgreSQL's fast shutdown cutting a session, and a write on the cut connection afterwards.
        assertThat(DatabaseOutage.causedBy(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("An I/O error occurred while sending to the backend.", "08006")))
                .isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.causedBy(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("bad spec"))).isFalse();
    }
}
