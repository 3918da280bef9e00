package dev.heroes.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Recognises what went wrong in the database, whatever the dialect. */
public final class DatabaseErrors {

    private static final String POSTGRES_FOREIGN_KEY_VIOLATION = "23503";
    private static final String POSTGRES_READ_ONLY_TRANSACTION = "25006";
    private static final String POSTGRES_QUERY_CANCELED = "57014";

    private DatabaseErrors() {}

    /** True when {@code error} was caused by a foreign key naming no row: the client's fault. */
    public static boolean isForeignKeyViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
                return true;
            }
            if (t instanceof SQLException sql && POSTGRES_FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the database refused a write for breaking one of its rules (SQLState class 23, or
     * SQLite's constraint codes): the request conflicts with the data, it is no server failure.
     */
    public static boolean isConstraintViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite
                    && sqlite.getResultCode().name().startsWith("SQLITE_CONSTRAINT")) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a connection broke or could not be made: SQLState class 08 (connection exception)
     * or 57P01-57P03 (the server is shutting down or starting up).
     */
    public static boolean isBrokenConnection(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the server refused a write because the transaction is read-only (SQLState 25006):
     * the connection leads to a standby, or to a primary being demoted in a failover. Nothing was
     * written, and the connection will refuse every write from now on.
     */
    public static boolean isReadOnlyTransaction(Throwable error) {
        return hasSqlState(error, POSTGRES_READ_ONLY_TRANSACTION);
    }

    /** True when a statement ran past {@code statement_timeout} and was cancelled (SQLState 57014). */
    public static boolean isStatementTimeout(Throwable error) {
        return hasSqlState(error, POSTGRES_QUERY_CANCELED);
    }

    /**
     * True when the connection no longer leads to a primary that takes writes: it broke, the server
     * is shutting down, or it is read-only. The connection must go, and the work may succeed on a
     * fresh one once the failover is over.
     */
    public static boolean isFailover(Throwable error) {
        return isBrokenConnection(error) || isReadOnlyTransaction(error);
    }

    /**
     * True when the database cannot serve the request now: a broken connection, none free in time, a
     * read-only primary, a statement past its timeout, or a server out of connections, memory or
     * disk.
     */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return isFailover(error) || isStatementTimeout(error) || isOutOfResources(error);
    }

    /** True when the server lacks a resource: connections, memory or disk (SQLState class 53). */
    private static boolean isOutOfResources(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("53")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSqlState(Throwable error, String sqlState) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
