package dev.leti.spring.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

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
    void aRollbackThatFailedOnTheCutConnectionIsJudgedByTheFailureThatStartedIt() {
        // Spring, when the rollback after a failed statement fails too: the statement's failure is the application exception.
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();

        TransactionSystemException other = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        other.initApplicationException(new IllegalStateException("a bug"));
        assertThat(DatabaseOutage.causedBy(other)).isFalse();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.causedBy(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("bad spec"))).isFalse();
    }
}
