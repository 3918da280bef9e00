package dev.heroes.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Recognises what went wrong in the database, whatever the dialect. */
public final class DatabaseErrors {

    private static final String POSTGRES_FOREIGN_KEY_VIOLATION = "23503";

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

    /** True when the database cannot be reached: a broken connection, or none free in time. */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return isBrokenConnection(error);
    }
}
