package dev.heroes.db;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.config.ReplicaSettings;
import dev.heroes.model.Consistency;
import dev.heroes.model.WalPosition;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
    private final Duration failoverWait;
    /** Where reads may go besides the primary; null without standbys. */
    private final Standbys standbys;

    private final ReplicaSettings replicas;

    /** The pause before the second retry of work a failover cut; each later one doubles, up to 0.5 s. */
    static final Duration FIRST_FAILOVER_PAUSE = Duration.ofMillis(50);

    private Database(Pools pools, DatabaseMetrics metrics, Duration failoverWait, ReplicaSettings replicas) {
        this.replicas = replicas;
        this.pools = pools;
        this.reads = pools.reads();
        this.writes = pools.writes();
        this.metrics = metrics;
        this.failoverWait = failoverWait;
        this.standbys = pools.standbys().orElse(null);
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
        return open(url, settings, ReplicaSettings.NONE, registry, statementsSee);
    }

    /**
     * As {@link #open(DatabaseUrl, PoolSettings, PrometheusRegistry, UnaryOperator)}, with
     * {@code replicas}' standbys for the reads that {@link #read(Consistency, String, Function)} routes.
     */
    public static Database open(
            DatabaseUrl url,
            PoolSettings settings,
            ReplicaSettings replicas,
            PrometheusRegistry registry,
            UnaryOperator<DataSource> statementsSee) {
        if (replicas.enabled() && url.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new IllegalArgumentException("standbys are PostgreSQL's; the database is " + url);
        }
        DatabaseMetrics metrics = new DatabaseMetrics(registry);
        Pools pools = switch (url.kind()) {
            case POSTGRESQL -> new PostgresPools(url, settings, replicas, metrics, statementsSee);
            case SQLITE -> new SqlitePools(url, settings, metrics, statementsSee);
        };
        return new Database(pools, metrics, settings.timeouts().failoverWait(), replicas);
    }

    /**
     * Whether the database runs inside this process (SQLite): a statement then costs no round trip,
     * but every value read costs a native call, so a read that a join would make wide is cheaper as
     * two narrow statements. Known from where the database was opened.
     */
    public boolean isEmbedded() {
        return pools.isEmbedded();
    }

    /**
     * The standbys reads may go to, and the bounds on their staleness; {@link ReplicaSettings#NONE}
     * when every read goes to the primary.
     */
    public ReplicaSettings replicas() {
        return replicas;
    }

    public SQLDialect dialect() {
        return pools.dialect();
    }

    /**
     * Runs {@code work} on one pooled connection, outside an explicit transaction. A read that fails
     * because its connection no longer leads to a serving database (a restart, a failover) is run
     * again on a fresh connection ({@link #untilFailoverEnds}): a read is safe to repeat.
     *
     * @param statement what the work is, as {@code heroes_db_statement_seconds} names it
     */
    public <T> T read(String statement, Function<DSLContext, T> work) {
        DistributionDataPoint timer = metrics.statement(statement);
        LimitAlgorithm.Token admitted = reads.admission().enter();
        try {
            return untilFailoverEnds(reads, e -> true, () -> readOnce(timer, work));
        } finally {
            admitted.success();
        }
    }

    /**
     * As {@link #read(String, Function)}, for a read that a standby may serve ({@code GET} routes):
     * one within {@code DB_READ_MAX_LAG} that has replayed up to {@code consistency}'s position,
     * when standbys are configured; otherwise, or when the standby fails, the primary.
     */
    public <T> T read(Consistency consistency, String statement, Function<DSLContext, T> work) {
        if (standbys == null) {
            return read(statement, work);
        }
        DistributionDataPoint timer = metrics.statement(statement);
        LimitAlgorithm.Token admitted = reads.admission().enter();
        try {
            long started = System.nanoTime();
            Optional<T> fromStandby = standbys.read(consistency.readsAfter(), work);
            if (fromStandby.isPresent()) {
                timer.observe((System.nanoTime() - started) / 1e9);
                return fromStandby.get();
            }
            return untilFailoverEnds(reads, e -> true, () -> readOnce(timer, work));
        } finally {
            admitted.success();
        }
    }

    /**
     * As {@link #read(String, Function)}, on the primary, handing {@code consistency} the primary's
     * position after the read when reads may go to standbys: for an answer that shows a write made
     * earlier (an idempotent replay of a create), whose client may then read from standbys what it
     * was shown.
     */
    public <T> T readOnPrimary(Consistency consistency, String statement, Function<DSLContext, T> work) {
        if (standbys == null || consistency == Consistency.NONE) {
            return read(statement, work);
        }
        return read(statement, dsl -> {
            T result = work.apply(dsl);
            dsl.connection(connection -> committedAt(connection).ifPresent(consistency::committed));
            return result;
        });
    }

    /**
     * Runs {@code attempt}, and again on a fresh connection while it fails because its connection
     * no longer leads to a primary that takes writes ({@link DatabaseErrors#isFailover}) and
     * {@code repeatable} says the failure left nothing done: at once the first time (after a
     * restart the pool may still hold connections to the old server), then after growing pauses,
     * for at most {@code DB_FAILOVER_WAIT} in all. A switchover so costs a request some waiting
     * instead of an error. The pool is emptied of its other connections at each such failure: they
     * lead to the same old server.
     */
    private <T> T untilFailoverEnds(PoolSide side, Predicate<DataAccessException> repeatable, Supplier<T> attempt) {
        long deadline = System.nanoTime() + failoverWait.toNanos();
        long pauseMillis = 0;
        while (true) {
            try {
                return attempt.get();
            } catch (DataAccessException e) {
                side.countTimeout(e);
                if (!DatabaseErrors.isFailover(e)) {
                    throw e;
                }
                side.evictConnections();
                boolean firstRetry = pauseMillis == 0;
                boolean inTime = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) <= deadline;
                if (!repeatable.test(e) || !(firstRetry || inTime)) {
                    throw e;
                }
                pause(pauseMillis, e);
                pauseMillis = pauseMillis == 0 ? FIRST_FAILOVER_PAUSE.toMillis() : Math.min(pauseMillis * 2, 500);
            }
        }
    }

    private static void pause(long millis, DataAccessException cause) {
        if (millis == 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private <T> T readOnce(DistributionDataPoint timer, Function<DSLContext, T> work) {
        DSLContext statements = reads.statements();
        return statements.connectionResult(connection -> {
            long started = System.nanoTime();
            try (ConnectionDeadlines.Lease lease = reads.deadlines().lend(connection)) {
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
        return write(Consistency.NONE, statement, work);
    }

    /**
     * As {@link #write(String, Function)}, handing {@code consistency} the primary's position after
     * the commit when reads may go to standbys.
     */
    public <T> T write(Consistency consistency, String statement, Function<DSLContext, T> work) {
        // Work cut before its COMMIT was sent committed nothing, and is run again; a COMMIT cut on
        // its way is not (CommitOutcomeUnknownException).
        return onWriter(consistency, statement, e -> !(e instanceof CommitOutcomeUnknownException), connection -> {
            // Hikari puts auto-commit back when the connection returns to the pool.
            connection.setAutoCommit(false);
            T result;
            try {
                result =
                        work.apply(DSL.using(writes.statements().configuration().derive(connection)));
            } catch (Throwable failure) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
                throw failure;
            }
            try {
                connection.commit();
            } catch (SQLException commitFailure) {
                if (DatabaseErrors.isFailover(commitFailure)) {
                    throw new CommitOutcomeUnknownException(statement, commitFailure);
                }
                throw commitFailure;
            }
            return result;
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
        return writeStatement(Consistency.NONE, statement, work);
    }

    /**
     * As {@link #writeStatement(String, Function)}, handing {@code consistency} the primary's
     * position after the statement committed when reads may go to standbys.
     */
    public <T> T writeStatement(Consistency consistency, String statement, Function<DSLContext, T> work) {
        // A statement that committing on its own was cut may have committed: it is run again only
        // when the server refused it as read-only, which writes nothing.
        return onWriter(
                consistency,
                statement,
                DatabaseErrors::isReadOnlyTransaction,
                connection ->
                        work.apply(DSL.using(writes.statements().configuration().derive(connection))));
    }

    /**
     * Lends the writer a connection (on SQLite, the single writer's), and another while a failover
     * cut the work in a way that {@code repeatable} says left nothing written, or before the work
     * began: no connection was to be had from the old server ({@link #untilFailoverEnds}).
     */
    private <T> T onWriter(
            Consistency consistency,
            String statement,
            Predicate<DataAccessException> repeatable,
            ConnectionCallable<T> work) {
        DistributionDataPoint timer = metrics.statement(statement);
        LimitAlgorithm.Token admitted = writes.admission().enter();
        try {
            boolean[] began = {false};
            return untilFailoverEnds(writes, e -> !began[0] || repeatable.test(e), () -> {
                began[0] = false;
                return writes.statements().connectionResult(connection -> {
                    began[0] = true;
                    long started = System.nanoTime();
                    try (ConnectionDeadlines.Lease lease = writes.deadlines().lend(connection)) {
                        T result = work.run(connection);
                        if (standbys != null && consistency != Consistency.NONE) {
                            committedAt(connection).ifPresent(consistency::committed);
                        }
                        return result;
                    } finally {
                        timer.observe((System.nanoTime() - started) / 1e9);
                    }
                });
            });
        } finally {
            admitted.success();
        }
    }

    /**
     * The primary's position just after a commit on {@code connection}, which a standby must replay
     * to show it; empty when the connection failed after the commit, which stands: the client then
     * gets no token, and its next read may be stale, but its write is not reported failed.
     */
    private static Optional<WalPosition> committedAt(java.sql.Connection connection) {
        try {
            return Standbys.position(connection, Standbys.PRIMARY_POSITION);
        } catch (SQLException e) {
            LOG.warn(
                    "The primary's position after a commit could not be read ({}): the response carries no"
                            + " Consistency-Token",
                    e.getMessage());
            return Optional.empty();
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

    /**
     * The data source migrations run on: on SQLite the single writer; on PostgreSQL connections of
     * their own, without the requests' statement and work timeouts and with a lock timeout.
     */
    public DataSource migrationDataSource() {
        return pools.migrationDataSource();
    }

    @Override
    public void close() {
        pools.close();
    }
}
