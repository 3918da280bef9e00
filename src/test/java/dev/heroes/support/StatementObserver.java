package dev.heroes.support;

import java.sql.SQLException;
import java.util.List;

/**
 * Sees every statement the service runs, at the JDBC connection, where the statements jOOQ runs
 * and those of {@code SqlTemplate} meet ({@link ObservedDataSource}): to count them, keep them, or
 * make one fail.
 */
public interface StatementObserver {

    /**
     * Called before the statement runs; throwing fails it as the database would.
     *
     * @param sql the statement as sent, with "?" placeholders
     * @param values its bound values in placeholder order (null where none was bound)
     */
    default void beforeExecute(String sql, List<Object> values) throws SQLException {}

    /** Called once the statement has run, before its rows are read. */
    default void afterExecute(String sql) {}

    /** Called before a transaction is committed; throwing fails the COMMIT as a broken connection would. */
    default void beforeCommit() throws SQLException {}
}
