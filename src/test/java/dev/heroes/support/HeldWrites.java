package dev.heroes.support;

import dev.heroes.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table's writes held by a transaction of the test's own, outside the service's pools, as a long
 * write would hold them: the service's writes to it wait until {@link #release()}, its reads go on.
 * On SQLite the whole database's writes are held ({@code BEGIN IMMEDIATE}); on PostgreSQL the
 * table's ({@code LOCK TABLE ... IN EXCLUSIVE MODE}).
 */
public final class HeldWrites implements AutoCloseable {

    private final Connection connection;
    private boolean released;

    private HeldWrites(Connection connection) {
        this.connection = connection;
    }

    public static HeldWrites on(Backend backend, DatabaseUrl url, String table) throws SQLException {
        Connection connection = DriverManager.getConnection(
                url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null));
        try (Statement statement = connection.createStatement()) {
            if (backend == Backend.SQLITE) {
                statement.execute("BEGIN IMMEDIATE");
            } else {
                connection.setAutoCommit(false);
                statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
            }
            return new HeldWrites(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Ends the transaction: the waiting writes go on. Closing releases too. */
    public void release() throws SQLException {
        if (released) {
            return;
        }
        released = true;
        try (connection) {
            if (connection.getAutoCommit()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                }
            } else {
                connection.rollback();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }
}
