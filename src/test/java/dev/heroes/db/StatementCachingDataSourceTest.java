package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite connections keep their prepared statements between uses, and a kept statement behaves as
 * a fresh one would: no values, no result set and no read snapshot carried over from its last use.
 */
class StatementCachingDataSourceTest {

    private static final String COUNT = "SELECT count(*) FROM item";
    private static final String BY_ID = "SELECT name FROM item WHERE id = ?";

    @TempDir
    Path directory;

    private SQLiteDataSource file;

    @BeforeEach
    void createTable() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        file = new SQLiteDataSource(config);
        file.setUrl("jdbc:sqlite:" + directory.resolve("cache.db"));
        try (Connection connection = file.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("INSERT INTO item (name) VALUES ('one'), ('two'), ('three')");
        }
    }

    @Test
    void aStatementIsPreparedOncePerConnectionAndReusedWithNewValues() throws SQLException {
        try (Connection connection = new StatementCachingDataSource(file, 4).getConnection()) {
            PreparedStatement first = connection.prepareStatement(BY_ID);
            PreparedStatement physical = ((StatementCachingDataSource.CachedStatement) first).getDelegate();
            assertThat(nameOf(first, 1)).isEqualTo("one");
            first.close();

            PreparedStatement second = connection.prepareStatement(BY_ID);
            assertThat(((StatementCachingDataSource.CachedStatement) second).getDelegate())
                    .isSameAs(physical);
            assertThat(nameOf(second, 2)).isEqualTo("two");
            second.close();
            assertThat(physical.isClosed()).isFalse();
        }
    }

    @Test
    void aReleasedStatementKeepsNoValueFromItsLastUse() throws SQLException {
        try (Connection connection = new StatementCachingDataSource(file, 4).getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(BY_ID)) {
                assertThat(nameOf(statement, 3)).isEqualTo("three");
            }
            try (PreparedStatement statement = connection.prepareStatement(BY_ID);
                    ResultSet rows = statement.executeQuery()) {
                // An unbound parameter is NULL, as in a fresh statement: no row has a NULL id.
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void aResultSetLeftOpenDoesNotHoldTheReadersSnapshot() throws SQLException {
        StatementCachingDataSource caching = new StatementCachingDataSource(file, 4);
        try (Connection reader = caching.getConnection();
                Connection writer = file.getConnection()) {
            PreparedStatement statement = reader.prepareStatement("SELECT id FROM item ORDER BY id");
            ResultSet rows = statement.executeQuery();
            assertThat(rows.next()).isTrue();
            // Released mid-read, as a page that stops at its limit would be.
            statement.close();

            try (Statement insert = writer.createStatement()) {
                insert.execute("INSERT INTO item (name) VALUES ('four')");
            }
            assertThat(count(reader))
                    .as("the reader sees the commit made after its last read")
                    .isEqualTo(4);
            try (Statement checkpoint = writer.createStatement();
                    ResultSet result = checkpoint.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                result.next();
                assertThat(result.getInt(1))
                        .as("the checkpoint was not blocked by a reader")
                        .isZero();
            }
        }
    }

    @Test
    void theSameStatementWhileItIsOpenIsASecondOneNotKept() throws SQLException {
        try (Connection connection = new StatementCachingDataSource(file, 4).getConnection()) {
            PreparedStatement outer = connection.prepareStatement(BY_ID);
            outer.setLong(1, 1);
            try (ResultSet outerRows = outer.executeQuery()) {
                PreparedStatement inner = connection.prepareStatement(BY_ID);
                assertThat(inner).isNotInstanceOf(StatementCachingDataSource.CachedStatement.class);
                assertThat(nameOf(inner, 2)).isEqualTo("two");
                inner.close();
                assertThat(inner.isClosed()).isTrue();
                assertThat(outerRows.next()).isTrue();
                assertThat(outerRows.getString(1)).isEqualTo("one");
            }
            outer.close();
            assertThat(((StatementCachingDataSource.CachingConnection) connection).cachedStatements())
                    .isEqualTo(1);
        }
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedBeyondTheCapacity() throws SQLException {
        try (Connection connection = new StatementCachingDataSource(file, 2).getConnection()) {
            PreparedStatement oldest = physical(connection, BY_ID);
            physical(connection, COUNT);
            physical(connection, "SELECT max(id) FROM item");

            assertThat(((StatementCachingDataSource.CachingConnection) connection).cachedStatements())
                    .isEqualTo(2);
            assertThat(oldest.isClosed()).isTrue();
            try (PreparedStatement again = connection.prepareStatement(BY_ID)) {
                assertThat(nameOf(again, 1))
                        .as("an evicted statement is prepared anew")
                        .isEqualTo("one");
            }
        }
    }

    @Test
    void aStatementEvictedWhileInUseWorksUntilItIsClosed() throws SQLException {
        try (Connection connection = new StatementCachingDataSource(file, 1).getConnection()) {
            PreparedStatement inUse = connection.prepareStatement(BY_ID);
            PreparedStatement physical = ((StatementCachingDataSource.CachedStatement) inUse).getDelegate();
            physical(connection, COUNT);

            assertThat(nameOf(inUse, 2)).isEqualTo("two");
            inUse.close();
            assertThat(physical.isClosed()).isTrue();
        }
    }

    @Test
    void closingTheConnectionClosesItsStatements() throws SQLException {
        Connection connection = new StatementCachingDataSource(file, 4).getConnection();
        PreparedStatement kept = physical(connection, COUNT);
        connection.close();
        assertThat(kept.isClosed()).isTrue();
    }

    /** Prepares, uses and releases {@code sql}; returns the driver's statement behind it. */
    private static PreparedStatement physical(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
        }
        statement.close();
        return ((StatementCachingDataSource.CachedStatement) statement).getDelegate();
    }

    private static String nameOf(PreparedStatement statement, long id) throws SQLException {
        statement.setLong(1, id);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static int count(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
