package dev.leti.spring.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure is the database being away (down, restarting, a pooled connection cut by its
 * restart) rather than something wrong with the work: such work is retried, not failed or parked.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * True when the failure or one of its causes is a lost or refused connection: the JDBC
     * connection exception types (a pool's timeout waiting for a connection included), SQLSTATE
     * class 08 (connection exception) or 57P (operator intervention: shutdown, crash, restart).
     * A rollback that failed on the cut connection hides the failure that started it: that one is
     * looked at too.
     */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && causedBy(rollback.getApplicationException())) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
