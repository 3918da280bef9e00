package dev.heroes.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.tools.jdbc.DefaultConnection;
import org.jooq.tools.jdbc.DefaultPreparedStatement;

/**
 * SQLite connections that keep their most recently used prepared statements, so that a statement
 * is compiled once per connection instead of once per request. sqlite-jdbc compiles every
 * {@code prepareStatement} anew ({@code sqlite3_prepare}), and on a list page that is about a
 * sixth of the statement's time; pgjdbc keeps its statements itself ({@code prepareThreshold}),
 * so PostgreSQL does not need this.
 *
 * <p>The pool sits on top: each physical connection owns its statements, and the pool lends a
 * connection to one thread at a time, so the cache needs no locking. Closing a cached statement,
 * as jOOQ and the pool do after every use, releases it for the next use: its result set is closed,
 * which resets the SQLite statement and ends the read it held, and its parameters are cleared.
 */
final class StatementCachingDataSource extends ForwardingDataSource {

    private final int statementsPerConnection;

    /** @param statementsPerConnection how many statements each connection keeps, least recently used out first */
    StatementCachingDataSource(DataSource target, int statementsPerConnection) {
        if (statementsPerConnection < 1) {
            throw new IllegalArgumentException("statementsPerConnection must be positive: " + statementsPerConnection);
        }
        super(target);
        this.statementsPerConnection = statementsPerConnection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new CachingConnection(target.getConnection(), statementsPerConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return new CachingConnection(target.getConnection(username, password), statementsPerConnection);
    }

    /** A physical connection and its statements, by SQL, in least recently used order. */
    static final class CachingConnection extends DefaultConnection {

        private final Map<String, CachedStatement> statements;

        CachingConnection(Connection connection, int capacity) {
            super(connection);
            this.statements = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CachedStatement> eldest) {
                    if (size() <= capacity) {
                        return false;
                    }
                    eldest.getValue().evict();
                    return true;
                }
            };
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            CachedStatement cached = statements.get(sql);
            if (cached != null && cached.evicted) {
                statements.remove(sql);
                cached = null;
            }
            if (cached == null) {
                cached = new CachedStatement(super.prepareStatement(sql));
                statements.put(sql, cached);
            } else if (cached.inUse) {
                // The same statement while it is still open (a nested query): this one is not kept.
                return super.prepareStatement(sql);
            }
            cached.inUse = true;
            return cached;
        }

        /** How many statements this connection keeps now. */
        int cachedStatements() {
            return statements.size();
        }

        @Override
        public void close() throws SQLException {
            // The driver finalizes a connection's statements as it closes: failing to close one
            // first changes nothing.
            statements.values().forEach(CachedStatement::evict);
            statements.clear();
            super.close();
        }
    }

    /**
     * A kept statement. {@link #close} releases it rather than closing it; it closes for good when
     * it is evicted, or its connection closes: at once, or when its current use ends.
     */
    static final class CachedStatement extends DefaultPreparedStatement {

        private boolean inUse;
        private boolean evicted;
        private ResultSet results;

        CachedStatement(PreparedStatement statement) {
            super(statement);
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            results = super.executeQuery();
            return results;
        }

        @Override
        public ResultSet getResultSet() throws SQLException {
            results = super.getResultSet();
            return results;
        }

        @Override
        public void close() throws SQLException {
            inUse = false;
            if (evicted) {
                super.close();
                return;
            }
            try {
                if (results != null) {
                    // An open result set keeps SQLite's statement, and its read snapshot, going.
                    results.close();
                }
                clearParameters();
            } catch (SQLException e) {
                // A statement that cannot be reset is not reused.
                evicted = true;
                super.close();
                throw e;
            } finally {
                results = null;
            }
        }

        @Override
        public boolean isClosed() throws SQLException {
            return !inUse || super.isClosed();
        }

        private void evict() {
            evicted = true;
            if (!inUse) {
                closeQuietly();
            }
        }

        private void closeQuietly() {
            try {
                super.close();
            } catch (SQLException ignored) {
                // Evicted and never used again: nothing depends on its closing cleanly.
            }
        }
    }
}
