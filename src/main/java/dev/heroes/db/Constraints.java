package dev.heroes.db;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Recognises the database's refusals that are the client's fault, whatever the dialect. */
public final class Constraints {

    private static final String POSTGRES_FOREIGN_KEY_VIOLATION = "23503";

    private Constraints() {
    }

    /** True when {@code error} was caused by a foreign key naming no row. */
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
}
