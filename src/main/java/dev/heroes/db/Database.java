package dev.heroes.db;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.ConnectionCallable;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one way to the database: the unit of work over the database's connection pools
 * ({@link SqlitePools} or {@link PostgresPools}).
 *
 * <p>{@link #read} lends one connection for the callback; {@link #write} runs the callback in one
 * transaction, committed when it returns and rolled back when it throws, the guide's
 * {@code with Session(engine) as session} made explicit; {@link #writeStatement} runs a write that
 * is one statement, which needs no more. Reads take their connections from the pools' read side,
 * writes from their write side: on PostgreSQL one pool, on SQLite a readers' pool and a single
 * writer.
 */
public final class Database implements AutoCloseable {

    /** How long readiness waits for the database's answer. */
    public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Pools pools;
    private final PoolSide reads;
    private final PoolSide writes;
    private final DatabaseMetrics metrics;

    private Database(Pools pools, DatabaseMetrics metrics) {
        this.pools = pools;
        this.reads = pools.reads();
        this.writes = pools.writes();
        this.metrics = metrics;
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
     * where jOOQ's statements and {@code SqlTemplate}'s meet, so that a test can see, count or fail
     * every statement, and an N+1 cannot come back unnoticed. The service passes the identity.
     */
    public static Database open(
            DatabaseUrl url,
            PoolSettings settings,
            PrometheusRegistry registry,
            UnaryOperator<DataSource> statementsSee) {
        DatabaseMetrics metrics = new DatabaseMetrics(registry);
        Pools pools = switch (url.kind()) {
            case POSTGRESQL -> new PostgresPools(url, settings, metrics, statementsSee);
            case SQLITE -> new SqlitePools(url, settings, metrics, statementsSee);
        };
        return new Database(pools, metrics);
    }

    /**
     * Whether the database runs inside this process (SQLite): a statement then costs no round trip,
     * but every value read costs a native call, so a read that a join would make wide is cheaper as
     * two narrow statements. Known from where the database was opened.
     */
    public boolean isEmbedded() {
        return pools.isEmbedded();
    }

    public SQLDialect dialect() {
        return pools.dialect();
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
        LimitAlgorithm.Token admitted = reads.admission().enter();
        try {
            return readOnce(timer, work);
        } catch (DataAccessException e) {
            reads.countTimeout(e);
            if (!DatabaseErrors.isBrokenConnection(e)) {
                throw e;
            }
            reads.evictConnections();
            return readOnce(timer, work);
        } finally {
            admitted.success();
        }
    }

    private <T> T readOnce(DistributionDataPoint timer, Function<DSLContext, T> work) {
        DSLContext statements = reads.statements();
        return statements.connectionResult(connection -> {
            long started = System.nanoTime();
            try {
                return work.apply(DSL.using(statements.configuration().derive(connection)));
            } finally {
                timer.observe((System.nanoTime() - started) / 1e9);
            }
        });
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
                T result =
                        work.apply(DSL.using(writes.statements().configuration().derive(connection)));
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
                connection ->
                        work.apply(DSL.using(writes.statements().configuration().derive(connection))));
    }

    /**
     * Lends the writer a connection (on SQLite, the single writer's). A write is not repeated when
     * its connection breaks (it may have committed); the pool is emptied of its other connections to
     * the old server instead, so that the next request finds fresh ones.
     */
    private <T> T onWriter(String statement, ConnectionCallable<T> work) {
        DistributionDataPoint timer = metrics.statement(statement);
        LimitAlgorithm.Token admitted = writes.admission().enter();
        try {
            return writes.statements().connectionResult(connection -> {
                long started = System.nanoTime();
                try {
                    return work.run(connection);
                } finally {
                    timer.observe((System.nanoTime() - started) / 1e9);
                }
            });
        } catch (DataAccessException e) {
            writes.countTimeout(e);
            if (DatabaseErrors.isBrokenConnection(e)) {
                writes.evictConnections();
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
        return pools.unavailability();
    }

    /** The most connections the service opens to the database: every pool's upper bound. */
    public int maxConnections() {
        return pools.maxConnections();
    }

    /**
     * On PostgreSQL, reads {@code max_connections} and warns when the pools' upper bound takes more
     * than half of what it leaves to ordinary users: the guide's rule to match the connection count
     * against it, checked where it can be.
     */
    public void checkConnectionBudget() {
        pools.connectionBudgetWarning(this).ifPresent(LOG::warn);
    }

    /** The data source migrations run on (on SQLite, the single writer). */
    public DataSource migrationDataSource() {
        return writes.pool();
    }

    @Override
    public void close() {
        pools.close();
    }
}
