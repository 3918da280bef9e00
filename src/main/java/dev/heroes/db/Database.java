package dev.heroes.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.ConnectionCallable;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.FetchTriggerValuesAfterReturning;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The service's one way to the database: the connection pools and the unit of work.
 *
 * <p>{@link #read} lends one connection for the callback; {@link #write} runs the callback in one
 * transaction, committed when it returns and rolled back when it throws, the guide's
 * {@code with Session(engine) as session} made explicit; {@link #writeStatement} runs a write that
 * is one statement, which needs no more.
 *
 * <p>On PostgreSQL reads and writes share one pool. On SQLite, where a single writer may hold the
 * file's lock, writes go through a pool of one connection so that concurrent writers queue in Java
 * instead of spinning on SQLITE_BUSY inside native code (which pins a virtual thread's carrier);
 * reads use their own pool and, thanks to WAL, never wait for the writer.
 */
public final class Database implements AutoCloseable {

    /** How often SQLite's write-ahead log is copied back into the database file, off the writer. */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(250);

    /**
     * How many prepared statements each SQLite connection keeps: every route's statements, and
     * the common shapes of the list filters, with room to spare.
     */
    private static final int SQLITE_STATEMENTS_PER_CONNECTION = 32;

    /**
     * The longest an admitted request waits for its connection: one is free for every admitted
     * request, so it waits only while the pool makes one, and not the whole pool timeout when the
     * database has just stopped answering.
     */
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(1);

    private final SQLDialect dialect;
    private final DSLContext reads;
    private final DSLContext writes;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Admission readAdmission;
    private final Admission writeAdmission;
    private final Reachability reachability;
    private final WalCheckpointer checkpointer;

    private Database(SQLDialect dialect, HikariDataSource readPool, HikariDataSource writePool,
                     PoolSettings settings, Reachability reachability, ExecuteListener... listeners) {
        this.dialect = dialect;
        this.reads = DSL.using(configuration(readPool, dialect, listeners));
        this.writes = DSL.using(configuration(writePool, dialect, listeners));
        this.readPool = readPool;
        this.writePool = writePool;
        this.reachability = reachability;
        BooleanSupplier reachable = reachability == null ? () -> true : reachability::isReachable;
        // As many requests as the pool has connections for them: on SQLite the read pool holds one
        // more, the WAL checkpointer's, so that no admitted read waits for it.
        this.readAdmission = new Admission(readPool.getPoolName(), settings.size(), settings.queueLength(),
                settings.connectTimeout(), reachable);
        this.writeAdmission = writePool == readPool ? readAdmission : new Admission(writePool.getPoolName(),
                writePool.getMaximumPoolSize(), settings.queueLength(), settings.connectTimeout(), reachable);
        this.checkpointer = dialect == SQLDialect.SQLITE ? new WalCheckpointer(readPool, CHECKPOINT_INTERVAL) : null;
    }

    /**
     * Opens the pools for a URL; nothing is connected to until the first use. {@code listeners} see
     * every statement (tests count them, so that an N+1 cannot come back unnoticed).
     */
    public static Database open(DatabaseUrl url, PoolSettings settings, ExecuteListener... listeners) {
        return switch (url.kind()) {
            case POSTGRESQL -> {
                PGSimpleDataSource postgres = new PGSimpleDataSource();
                postgres.setURL(url.jdbcUrl());
                url.user().ifPresent(postgres::setUser);
                url.password().ifPresent(postgres::setPassword);
                Reachability reachability = new Reachability(postgres);
                HikariDataSource pool = pool("heroes-pg", settings, settings.size(),
                        config -> config.setDataSource(reachability));
                yield new Database(SQLDialect.POSTGRES, pool, pool, settings, reachability, listeners);
            }
            case SQLITE -> new Database(SQLDialect.SQLITE,
                    pool("heroes-sqlite-read", settings, settings.size() + 1,
                            config -> config.setDataSource(sqlite(url, SQLiteConfig.TransactionMode.DEFERRED))),
                    pool("heroes-sqlite-write", settings, 1,
                            config -> config.setDataSource(sqlite(url, SQLiteConfig.TransactionMode.IMMEDIATE))),
                    settings, null, listeners);
        };
    }

    private static HikariDataSource pool(String name, PoolSettings settings, int size,
                                         Consumer<HikariConfig> target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        target.accept(config);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(Math.min(settings.connectTimeout().toMillis(), CONNECTION_WAIT.toMillis()));
        config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), CONNECTION_WAIT.toMillis()));
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        // Borrowed connections idle for more than half a second are checked with Connection.isValid
        // (Hikari's aliveBypassWindow): the guide's pool_pre_ping, so a database restart costs no request.
        config.setInitializationFailTimeout(-1);
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

    private static Configuration configuration(DataSource pool, SQLDialect dialect, ExecuteListener... listeners) {
        return new DefaultConfiguration()
                .set(pool)
                .set(dialect)
                .set(settings())
                .set(listeners);
    }

    private static Settings settings() {
        return new Settings()
                .withRenderSchema(false)
                .withExecuteLogging(false)
                // SQLite returns the wrong row from INSERT ... RETURNING without it (jOOQ 15316, 18073).
                .withFetchTriggerValuesAfterReturning(FetchTriggerValuesAfterReturning.NEVER);
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} on one pooled connection, outside an explicit transaction. A read that fails
     * on a broken connection is run once more: after a database restart the pool may still hold
     * connections to the old server, and a read is safe to repeat.
     */
    public <T> T read(Function<DSLContext, T> work) {
        LimitAlgorithm.Token admitted = readAdmission.enter();
        try {
            return readOnce(work);
        } catch (DataAccessException e) {
            if (!DatabaseErrors.isBrokenConnection(e)) {
                throw e;
            }
            readPool.getHikariPoolMXBean().softEvictConnections();
            return readOnce(work);
        } finally {
            admitted.success();
        }
    }

    private <T> T readOnce(Function<DSLContext, T> work) {
        return reads.connectionResult(connection -> work.apply(DSL.using(reads.configuration().derive(connection))));
    }

    /**
     * Runs {@code reads}, several statements on the SQLite connection that {@code dsl} holds, on
     * one snapshot of the database, so that what they read agrees: in a read transaction, which on
     * SQLite costs nothing. Not for PostgreSQL, where it would take REPEATABLE READ and round trips
     * to set and end it: there, read related rows in one statement (a join).
     */
    public static <T> T onOneSnapshot(DSLContext dsl, Function<DSLContext, T> reads) {
        if (dsl.dialect() != SQLDialect.SQLITE) {
            throw new UnsupportedOperationException("one snapshot for several reads is for SQLite: " + dsl.dialect());
        }
        return dsl.connectionResult(connection -> {
            if (!connection.getAutoCommit()) {
                return reads.apply(dsl);
            }
            connection.setAutoCommit(false);
            try {
                return reads.apply(dsl);
            } finally {
                // Nothing was written: committing just ends the read.
                connection.setAutoCommit(true);
            }
        });
    }

    /**
     * Runs {@code work}, several statements, in one transaction: all of it persists, or none of it.
     *
     * <p>The transaction is driven on the JDBC connection directly: jOOQ's transaction provider
     * asks the driver for the isolation level first, which costs PostgreSQL a query per write.
     */
    public <T> T write(Function<DSLContext, T> work) {
        return onWriter(connection -> {
            // Hikari puts auto-commit back when the connection returns to the pool.
            connection.setAutoCommit(false);
            try {
                T result = work.apply(DSL.using(writes.configuration().derive(connection)));
                connection.commit();
                return result;
            } catch (Throwable failure) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
                throw failure;
            }
        });
    }

    /**
     * Runs {@code work}, a single write statement (and at most reads explaining why it changed
     * nothing), with the statement committing on its own: atomic as any statement is, in one round
     * trip to the database instead of three.
     */
    public <T> T writeStatement(Function<DSLContext, T> work) {
        return onWriter(connection -> work.apply(DSL.using(writes.configuration().derive(connection))));
    }

    /**
     * Lends the writer a connection. A write is not repeated when its connection breaks (it may have
     * committed); the pool is emptied of its other connections to the old server instead, so that
     * the next request finds fresh ones.
     */
    private <T> T onWriter(ConnectionCallable<T> work) {
        LimitAlgorithm.Token admitted = writeAdmission.enter();
        try {
            return writes.connectionResult(work);
        } catch (DataAccessException e) {
            if (DatabaseErrors.isBrokenConnection(e)) {
                writePool.getHikariPoolMXBean().softEvictConnections();
            }
            throw e;
        } finally {
            admitted.success();
        }
    }

    /** The data source migrations run on (on SQLite, the single writer). */
    public DataSource migrationDataSource() {
        return writePool;
    }

    @Override
    public void close() {
        if (reachability != null) {
            reachability.close();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        readPool.close();
        if (writePool != readPool) {
            writePool.close();
        }
    }
}
