package dev.heroes.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.ConnectionCallable;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.FetchTriggerValuesAfterReturning;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /** How long readiness waits for the database's answer. */
    public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    /**
     * How long a connection beyond {@code DB_POOL_SIZE} may stay idle before it is closed (Hikari's
     * shortest; its housekeeping looks every 30 s).
     */
    static final Duration OVERFLOW_IDLE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The share of PostgreSQL's {@code max_connections} (less those reserved for superusers) above
     * which start-up warns: a second instance, as in a rolling deploy, must still find connections.
     */
    static final double CONNECTION_SHARE_WARNING = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final SQLDialect dialect;
    private final DSLContext reads;
    private final DSLContext writes;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Admission readAdmission;
    private final Admission writeAdmission;
    private final Reachability reachability;
    private final WalCheckpointer checkpointer;
    private final HealthProbe healthProbe;
    private final int maxConnections;
    private final DatabaseMetrics metrics;
    private final CounterDataPoint readTimeouts;
    private final CounterDataPoint writeTimeouts;

    private Database(
            SQLDialect dialect,
            HikariDataSource readPool,
            HikariDataSource writePool,
            PoolSettings settings,
            Reachability reachability,
            HealthProbe healthProbe,
            DatabaseMetrics metrics,
            UnaryOperator<DataSource> statementsSee) {
        this.dialect = dialect;
        DataSource readStatements = statementsSee.apply(readPool);
        this.reads = DSL.using(configuration(readStatements, dialect));
        this.writes = DSL.using(
                configuration(writePool == readPool ? readStatements : statementsSee.apply(writePool), dialect));
        this.readPool = readPool;
        this.writePool = writePool;
        this.reachability = reachability;
        this.healthProbe = healthProbe;
        this.metrics = metrics;
        this.readTimeouts = metrics.connectionTimeouts(readPool.getPoolName());
        this.writeTimeouts = writePool == readPool ? readTimeouts : metrics.connectionTimeouts(writePool.getPoolName());
        this.maxConnections =
                readPool.getMaximumPoolSize() + (writePool == readPool ? 0 : writePool.getMaximumPoolSize());
        BooleanSupplier reachable = reachability == null ? () -> true : reachability::isReachable;
        // As many requests as the pool may have connections for them, its overflow included; on
        // SQLite the read pool holds one more, the WAL checkpointer's, so that no admitted read
        // waits for it.
        this.readAdmission = new Admission(
                readPool.getPoolName(),
                dialect == SQLDialect.SQLITE ? settings.size() : settings.maxConnections(),
                settings.queueLength(),
                settings.connectTimeout(),
                reachable,
                metrics);
        this.writeAdmission = writePool == readPool
                ? readAdmission
                : new Admission(
                        writePool.getPoolName(),
                        writePool.getMaximumPoolSize(),
                        settings.queueLength(),
                        settings.connectTimeout(),
                        reachable,
                        metrics);
        metrics.watch(
                writePool == readPool ? List.of(readPool) : List.of(readPool, writePool),
                writePool == readPool ? List.of(readAdmission) : List.of(readAdmission, writeAdmission));
        this.checkpointer = dialect == SQLDialect.SQLITE ? new WalCheckpointer(readPool, CHECKPOINT_INTERVAL) : null;
    }

    /** Opens the pools for a URL; they connect in the background, and opening does not wait for the database. */
    public static Database open(DatabaseUrl url, PoolSettings settings) {
        return open(url, settings, new PrometheusRegistry());
    }

    /** Opens the pools for a URL, with their meters and the statements' in {@code registry}. */
    public static Database open(DatabaseUrl url, PoolSettings settings, PrometheusRegistry registry) {
        return open(url, settings, registry, UnaryOperator.identity());
    }

    /**
     * As {@link #open(DatabaseUrl, PoolSettings, PrometheusRegistry)}, every statement's connection
     * taken through {@code statementsSee} (a pool in, the data source the statements use out):
     * where jOOQ's statements and {@link SqlTemplate}'s meet, so that a test can see, count or fail
     * every statement, and an N+1 cannot come back unnoticed. The service passes the identity.
     */
    public static Database open(
            DatabaseUrl url,
            PoolSettings settings,
            PrometheusRegistry registry,
            UnaryOperator<DataSource> statementsSee) {
        DatabaseMetrics metrics = new DatabaseMetrics(registry);
        return switch (url.kind()) {
            case POSTGRESQL -> {
                PGSimpleDataSource postgres = postgres(url);
                Reachability reachability = new Reachability(postgres);
                HikariDataSource pool = pool(
                        "heroes-pg",
                        settings,
                        settings.size(),
                        settings.maxConnections(),
                        config -> config.setDataSource(reachability));
                PGSimpleDataSource probe = postgres(url);
                probe.setConnectTimeout((int) HEALTH_TIMEOUT.toSeconds());
                probe.setSocketTimeout((int) HEALTH_TIMEOUT.toSeconds() * 2);
                yield new Database(
                        SQLDialect.POSTGRES,
                        pool,
                        pool,
                        settings,
                        reachability,
                        new HealthProbe(probe, "SELECT 1"),
                        metrics,
                        statementsSee);
            }
            case SQLITE ->
                new Database(
                        SQLDialect.SQLITE,
                        pool(
                                "heroes-sqlite-read",
                                settings,
                                settings.size() + 1,
                                settings.size() + 1,
                                config -> config.setDataSource(sqlite(url, SQLiteConfig.TransactionMode.DEFERRED))),
                        pool(
                                "heroes-sqlite-write",
                                settings,
                                1,
                                1,
                                config -> config.setDataSource(sqlite(url, SQLiteConfig.TransactionMode.IMMEDIATE))),
                        settings,
                        null,
                        new HealthProbe(
                                sqlite(url, SQLiteConfig.TransactionMode.DEFERRED),
                                "SELECT count(*) FROM sqlite_schema"),
                        metrics,
                        statementsSee);
        };
    }

    private static PGSimpleDataSource postgres(DatabaseUrl url) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url.jdbcUrl());
        url.user().ifPresent(postgres::setUser);
        url.password().ifPresent(postgres::setPassword);
        return postgres;
    }

    /**
     * @param size the connections the pool keeps
     * @param max  the most it opens while requests wait; those beyond {@code size} are closed once
     *             they have been idle for {@link #OVERFLOW_IDLE_TIMEOUT}
     */
    private static HikariDataSource pool(
            String name, PoolSettings settings, int size, int max, Consumer<HikariConfig> target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        target.accept(config);
        config.setMaximumPoolSize(max);
        if (max > size) {
            // Hikari closes idle connections down to the minimum: the overflow, not the pool.
            config.setMinimumIdle(size);
            config.setIdleTimeout(OVERFLOW_IDLE_TIMEOUT.toMillis());
        } else {
            config.setMinimumIdle(Math.min(size, 2));
        }
        config.setConnectionTimeout(Math.min(settings.connectTimeout().toMillis(), CONNECTION_WAIT.toMillis()));
        // A borrowed connection that has been idle for more than half a second is checked with
        // Connection.isValid, within this timeout, before it is handed out (Hikari's default,
        // com.zaxxer.hikari.aliveBypassWindowMs = 500 ms): the guide's pool_pre_ping, so a database
        // restart costs at most the requests that were running during it.
        config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), CONNECTION_WAIT.toMillis()));
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        // The pool starts even while the database is down: opening it neither fails nor waits on an
        // unreachable database; the migration, which needs a connection, then says what is wrong.
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

    private static Configuration configuration(DataSource pool, SQLDialect dialect) {
        return new DefaultConfiguration().set(pool).set(dialect).set(settings());
    }

    private static Settings settings() {
        return new Settings()
                .withRenderSchema(false)
                .withExecuteLogging(false)
                // SQLite returns the wrong row from INSERT ... RETURNING without it (jOOQ 15316, 18073).
                .withFetchTriggerValuesAfterReturning(FetchTriggerValuesAfterReturning.NEVER);
    }

    /**
     * Whether the database runs inside this process (SQLite): a statement then costs no round trip,
     * but every value read costs a native call, so a read that a join would make wide is cheaper as
     * two narrow statements. Known from where the database was opened.
     */
    public boolean isEmbedded() {
        return dialect == SQLDialect.SQLITE;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} on one pooled connection, outside an explicit transaction. A read that fails
     * on a broken connection is run once more: after a database restart the pool may still hold
     * connections to the old server, and a read is safe to repeat.
     *
     * @param statement what the work is, as {@code heroes_db_statement_seconds} names it
     */
    public <T> T read(String statement, Function<DSLContext, T> work) {
        DistributionDataPoint timer = metrics.statement(statement);
        LimitAlgorithm.Token admitted = readAdmission.enter();
        try {
            return readOnce(timer, work);
        } catch (DataAccessException e) {
            countTimeout(e, readTimeouts);
            if (!DatabaseErrors.isBrokenConnection(e)) {
                throw e;
            }
            readPool.getHikariPoolMXBean().softEvictConnections();
            return readOnce(timer, work);
        } finally {
            admitted.success();
        }
    }

    private <T> T readOnce(DistributionDataPoint timer, Function<DSLContext, T> work) {
        return reads.connectionResult(connection -> {
            long started = System.nanoTime();
            try {
                return work.apply(DSL.using(reads.configuration().derive(connection)));
            } finally {
                timer.observe((System.nanoTime() - started) / 1e9);
            }
        });
    }

    /** Counts a connection that the pool could not make within its wait. */
    private static void countTimeout(DataAccessException e, CounterDataPoint timeouts) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                timeouts.inc();
                return;
            }
        }
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
     *
     * @param statement what the work is, as {@code heroes_db_statement_seconds} names it
     */
    public <T> T write(String statement, Function<DSLContext, T> work) {
        return onWriter(statement, connection -> {
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
     *
     * @param statement what the statement is, as {@code heroes_db_statement_seconds} names it
     */
    public <T> T writeStatement(String statement, Function<DSLContext, T> work) {
        return onWriter(
                statement,
                connection -> work.apply(DSL.using(writes.configuration().derive(connection))));
    }

    /**
     * Lends the writer a connection. A write is not repeated when its connection breaks (it may have
     * committed); the pool is emptied of its other connections to the old server instead, so that
     * the next request finds fresh ones.
     */
    private <T> T onWriter(String statement, ConnectionCallable<T> work) {
        DistributionDataPoint timer = metrics.statement(statement);
        LimitAlgorithm.Token admitted = writeAdmission.enter();
        try {
            return writes.connectionResult(connection -> {
                long started = System.nanoTime();
                try {
                    return work.run(connection);
                } finally {
                    timer.observe((System.nanoTime() - started) / 1e9);
                }
            });
        } catch (DataAccessException e) {
            countTimeout(e, writeTimeouts);
            if (DatabaseErrors.isBrokenConnection(e)) {
                writePool.getHikariPoolMXBean().softEvictConnections();
            }
            throw e;
        } finally {
            admitted.success();
        }
    }

    /**
     * Whether the database answers now, within {@link #HEALTH_TIMEOUT}, on a connection outside the
     * pools: empty when it does, otherwise why not.
     */
    public Optional<String> unavailability() {
        if (reachability != null && !reachability.isReachable()) {
            return Optional.of("the database refuses connections");
        }
        return healthProbe.check(HEALTH_TIMEOUT);
    }

    /** The most connections the service opens to the database: every pool's upper bound. */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * On PostgreSQL, reads {@code max_connections} and warns when the pools' upper bound takes more
     * than half of what it leaves to ordinary users: the guide's rule to match the connection count
     * against it, checked where it can be.
     */
    public void checkConnectionBudget() {
        if (dialect != SQLDialect.POSTGRES) {
            return;
        }
        try {
            org.jooq.Record2<Integer, Integer> limits = read(
                    "max_connections",
                    dsl -> dsl.select(
                                    DSL.field("current_setting('max_connections')::int", Integer.class),
                                    DSL.field("current_setting('superuser_reserved_connections')::int", Integer.class))
                            .fetchOne());
            int available = limits.value1() - limits.value2();
            // One more for the readiness probe's connection.
            int wanted = maxConnections + 1;
            if (wanted > available * CONNECTION_SHARE_WARNING) {
                LOG.warn(
                        "The pool may open {} connections (DB_POOL_SIZE + DB_MAX_OVERFLOW + 1 for health checks),"
                                + " more than half of the {} that max_connections={} leaves to applications: a second"
                                + " instance could be refused connections. Lower DB_POOL_SIZE or DB_MAX_OVERFLOW, or raise"
                                + " max_connections.",
                        wanted,
                        available,
                        limits.value1());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read max_connections to check the pool's upper bound: {}", e.getMessage());
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
        healthProbe.close();
        readPool.close();
        if (writePool != readPool) {
            writePool.close();
        }
    }
}
