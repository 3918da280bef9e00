package dev.heroes.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The service's connections to its SQLite file. A single writer may hold the file's lock, so writes
 * go through a pool of one connection, in IMMEDIATE transactions, and concurrent writers queue in
 * Java instead of spinning on SQLITE_BUSY inside native code (which pins a virtual thread's
 * carrier); reads use a pool of their own and, thanks to WAL, never wait for the writer. A
 * {@link WalCheckpointer} copies the log back into the file off the writer, on a reader's
 * connection.
 */
final class SqlitePools implements Pools {

    /** How often SQLite's write-ahead log is copied back into the database file, off the writer. */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(250);

    /**
     * How many prepared statements each SQLite connection keeps: every route's statements, and
     * the common shapes of the list filters, with room to spare.
     */
    private static final int SQLITE_STATEMENTS_PER_CONNECTION = 32;

    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final HealthProbe healthProbe;
    private final PoolSide reads;
    private final PoolSide writes;
    private final WalCheckpointer checkpointer;

    /**
     * Opens the readers' pool, the writer's and the health probe's data source for {@code url},
     * registers their meters in {@code metrics} and starts the checkpointer.
     *
     * @param statementsSee a pool in, the data source the statements use out
     */
    SqlitePools(
            DatabaseUrl url, PoolSettings settings, DatabaseMetrics metrics, UnaryOperator<DataSource> statementsSee) {
        // DB_POOL_SIZE readers, and one connection more for the WAL checkpointer.
        this.readPool = pool(
                "heroes-sqlite-read",
                settings,
                settings.size() + 1,
                sqlite(url, SQLiteConfig.TransactionMode.DEFERRED));
        this.writePool = pool("heroes-sqlite-write", settings, 1, sqlite(url, SQLiteConfig.TransactionMode.IMMEDIATE));
        this.healthProbe = new HealthProbe(
                sqlite(url, SQLiteConfig.TransactionMode.DEFERRED), "SELECT count(*) FROM sqlite_schema");
        DataSource readStatements = statementsSee.apply(readPool);
        DataSource writeStatements = statementsSee.apply(writePool);
        CounterDataPoint readTimeouts = metrics.connectionTimeouts(readPool.getPoolName());
        CounterDataPoint writeTimeouts = metrics.connectionTimeouts(writePool.getPoolName());
        // As many reads as the pool has connections for them, less the WAL checkpointer's, so that
        // no admitted read waits for it; one write at a time.
        Admission readAdmission = new Admission(
                readPool.getPoolName(),
                settings.size(),
                settings.queueLength(),
                settings.connectTimeout(),
                () -> true,
                metrics);
        Admission writeAdmission = new Admission(
                writePool.getPoolName(),
                writePool.getMaximumPoolSize(),
                settings.queueLength(),
                settings.connectTimeout(),
                () -> true,
                metrics);
        this.reads = PoolSide.of(
                readPool, readStatements, SQLDialect.SQLITE, readAdmission, readTimeouts, ConnectionDeadlines.NONE);
        this.writes = PoolSide.of(
                writePool, writeStatements, SQLDialect.SQLITE, writeAdmission, writeTimeouts, ConnectionDeadlines.NONE);
        metrics.watch(List.of(readPool, writePool), List.of(readAdmission, writeAdmission));
        this.checkpointer = new WalCheckpointer(readPool, CHECKPOINT_INTERVAL);
    }

    /** A pool of at most {@code size} connections, which keeps two of them (or its one) while idle. */
    private static HikariDataSource pool(String name, PoolSettings settings, int size, DataSource connections) {
        HikariConfig config = Pools.poolConfig(name, settings, connections);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        return new HikariDataSource(config);
    }

    private static DataSource sqlite(DatabaseUrl url, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(mode);
        // Only the writer commits, so only its threshold matters; a WalCheckpointer does the work.
        config.setWalAutocheckpoint(WalCheckpointer.WRITER_BACKSTOP_PAGES);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url.jdbcUrl());
        return new StatementCachingDataSource(dataSource, SQLITE_STATEMENTS_PER_CONNECTION);
    }

    /** The single writer's: a migration writes as any writer does. */
    @Override
    public DataSource migrationDataSource() {
        return writes.pool();
    }

    @Override
    public PoolSide reads() {
        return reads;
    }

    /** The single writer's. */
    @Override
    public PoolSide writes() {
        return writes;
    }

    @Override
    public SQLDialect dialect() {
        return SQLDialect.SQLITE;
    }

    @Override
    public boolean isEmbedded() {
        return true;
    }

    @Override
    public int maxConnections() {
        return readPool.getMaximumPoolSize() + writePool.getMaximumPoolSize();
    }

    @Override
    public Optional<String> unavailability() {
        return healthProbe.check(Database.HEALTH_TIMEOUT);
    }

    /** None: a file has no limit on connections for other processes to share. */
    @Override
    public Optional<String> connectionBudgetWarning(Database database) {
        return Optional.empty();
    }

    @Override
    public void close() {
        checkpointer.close();
        healthProbe.close();
        readPool.close();
        writePool.close();
    }
}
