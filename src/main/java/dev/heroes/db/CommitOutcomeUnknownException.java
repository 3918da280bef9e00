package dev.heroes.db;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;

/**
 * A transaction's COMMIT was sent and its connection broke before the answer came: the work may or
 * may not have been committed, so it is not run again. The request is answered 503 like any failover
 * (its cause is a broken connection); a client that sent an {@code Idempotency-Key} retries safely,
 * since the key was stored in that same transaction or not at all.
 */
public final class CommitOutcomeUnknownException extends DataAccessException {

    CommitOutcomeUnknownException(String statement, SQLException cause) {
        super("the COMMIT of " + statement + " was cut before the database answered: its outcome is unknown", cause);
    }
}
