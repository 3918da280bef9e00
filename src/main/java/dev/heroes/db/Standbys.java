package dev.heroes.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.config.ReplicaSettings;
import dev.heroes.model.Consistency;
import dev.heroes.model.WalPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL standbys that reads may go to ({@code DATABASE_READ_URL}), each with a pool of its
 * own, and what is known of how far each is behind the primary.
 *
 * <p>A read that presents a write's position ({@link Consistency#readsAfter}) is served by a
 * standby only when that standby has replayed up to it, which is asked on the read's own connection
 * just before the read ({@code pg_last_wal_replay_lsn()}): a standby address behind a load balancer
 * may lead each connection to another server, so nothing known of "the standby" beforehand can
 * decide it. Otherwise the primary serves it. This is GitLab's database load balancing, without its
 * session store: the client carries the position.
 *
 * <p>Without a position, a read goes to a standby whose replay lag is within
 * {@code DB_READ_MAX_LAG}. One thread asks every {@link #POLL_INTERVAL} the primary for its
 * position ({@code pg_current_wal_insert_lsn()}) and each standby for its replay position, and keeps the
 * primary's positions of the last while with the time each was seen: a standby's lag is the age of
 * the oldest primary position it has not replayed (0 when it has replayed all, however long ago
 * the last write was, where {@code now() - pg_last_xact_replay_timestamp()} would grow while the
 * primary is idle). A standby that cannot be asked, or lags more, is skipped; none left, the primary
 * serves every read. Reads never wait for a standby, and readiness never asks one.
 */
final class Standbys implements AutoCloseable {

    /** How often the lag of every standby is measured: the lag bound is this much coarse. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(Standbys.class);

    /** The replay position of a standby, or the position of a primary that a standby address leads to. */
    private static final String REPLAYED = "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
            + " ELSE pg_current_wal_lsn() END)::text";

    /** What a standby fails with where the primary would not ({@link #standbyFailed}). */
    private static final Set<String> STANDBY_FAILURES = Set.of("40001", "42P01", "42703");

    /**
     * The primary's position: where its next write-ahead record goes, so past every commit made so
     * far, even one whose record is not yet written out ({@code synchronous_commit=off}).
     */
    static final String PRIMARY_POSITION = "SELECT pg_current_wal_insert_lsn()::text";

    /** Where the standbys' reads went, and why a read that could have gone to one did not. */
    private final ReadRouting routing;

    private final List<Standby> standbys;
    private final long maxLagNanos;
    private final AtomicInteger next = new AtomicInteger();
    private final Probe primary;
    private final ArrayDeque<Seen> primaryHistory = new ArrayDeque<>();
    private final Thread poller;
    private volatile boolean closed;

    /** A primary position and when it was seen ({@link System#nanoTime}). */
    private record Seen(long atNanos, WalPosition position) {}

    /** One standby: its pool, its statements, and what the poller last learnt of it. */
    static final class Standby {
        final String name;
        final HikariDataSource pool;
        final DSLContext statements;
        final ConnectionDeadlines deadlines;
        final Probe probe;
        volatile boolean reachable;
        volatile long lagNanos = Long.MAX_VALUE;
        volatile long lagBytes;
        volatile WalPosition replayed = WalPosition.START;
        /** Whether the poller last found it fit to serve: its changes are logged. */
        volatile boolean serving;

        Standby(String name, HikariDataSource pool, DSLContext statements, ConnectionDeadlines deadlines, Probe probe) {
            this.name = name;
            this.pool = pool;
            this.statements = statements;
            this.deadlines = deadlines;
            this.probe = probe;
        }
    }

    /** One connection of the poller's own to a server, opened again after it failed. */
    static final class Probe implements AutoCloseable {
        private final PGSimpleDataSource source;
        private Connection connection;

        Probe(PGSimpleDataSource source) {
            this.source = source;
        }

        /** The position one query answers, as text ({@code pg_lsn}); a failure closes the connection. */
        Optional<WalPosition> ask(String query) {
            try {
                if (connection == null) {
                    connection = source.getConnection();
                }
                return Optional.of(position(connection, query).orElseThrow());
            } catch (SQLException | RuntimeException e) {
                close();
                return Optional.empty();
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // it is being dropped because it failed
                }
                connection = null;
            }
        }
    }

    Standbys(
            DatabaseUrl primaryUrl,
            ReplicaSettings settings,
            PoolSettings pool,
            DatabaseMetrics metrics,
            UnaryOperator<DataSource> statementsSee) {
        this.maxLagNanos = settings.maxLag().toNanos();
        this.routing = new ReadRouting(metrics);
        this.primary = new Probe(probeSource(primaryUrl));
        List<Standby> made = new ArrayList<>();
        for (int i = 0; i < settings.standbys().size(); i++) {
            DatabaseUrl url = settings.standbys().get(i);
            String name = "heroes-pg-standby-" + (i + 1);
            HikariDataSource standbyPool = pool(name, pool, PostgresPools.bounded(url, pool));
            made.add(new Standby(
                    name,
                    standbyPool,
                    PoolSide.statements(statementsSee.apply(standbyPool), SQLDialect.POSTGRES),
                    new ConnectionDeadlines(pool.timeouts().work(), metrics.connectionsCut(name)),
                    new Probe(probeSource(url))));
            LOG.info(
                    "Reads may go to standby {} ({}) while it is within {} s of the primary",
                    name,
                    url,
                    settings.maxLag().toSeconds());
        }
        this.standbys = List.copyOf(made);
        this.poller = Thread.ofPlatform().name("heroes-db-standbys").daemon().start(this::pollUntilClosed);
    }

    /** A standby's pool: as the primary's, read-only, without overflow beyond the primary's bound. */
    private static HikariDataSource pool(String name, PoolSettings settings, DataSource connections) {
        HikariConfig config = Pools.poolConfig(name, settings, connections);
        config.setReadOnly(true);
        config.setMaximumPoolSize(settings.maxConnections());
        config.setMinimumIdle(Math.min(settings.size(), 2));
        config.setIdleTimeout(PostgresPools.OVERFLOW_IDLE_TIMEOUT.toMillis());
        return new HikariDataSource(config);
    }

    private static PGSimpleDataSource probeSource(DatabaseUrl url) {
        PGSimpleDataSource source = PostgresPools.postgres(url);
        source.setConnectTimeout((int) Database.HEALTH_TIMEOUT.toSeconds());
        source.setLoginTimeout((int) Database.HEALTH_TIMEOUT.toSeconds());
        // The poller is one platform thread: a timer per read costs nothing here.
        source.setSocketTimeout((int) Database.HEALTH_TIMEOUT.toSeconds() * 2);
        source.setApplicationName("heroes-standby-lag");
        return source;
    }

    /**
     * Runs {@code work} on a standby fit for a read after {@code after}, if there is one: empty when
     * the primary must serve it (no standby within the lag bound, none that has replayed up to
     * {@code after}, or the standby failed), which is then counted by its reason.
     */
    <T> Optional<T> read(WalPosition after, Function<DSLContext, T> work) {
        Standby standby = choose();
        if (standby == null) {
            routing.toPrimary(after, ReadRouting.Reason.NO_STANDBY);
            return Optional.empty();
        }
        try (Connection connection = standby.pool.getConnection();
                ConnectionDeadlines.Lease lease = standby.deadlines.lend(connection)) {
            if (!after.equals(WalPosition.START)) {
                WalPosition replayed = replayed(connection);
                if (!replayed.isAtLeast(after)) {
                    routing.toPrimary(after, ReadRouting.Reason.NOT_REPLAYED);
                    return Optional.empty();
                }
            }
            T result = work.apply(DSL.using(standby.statements.configuration().derive(connection)));
            routing.toStandby();
            return Optional.of(result);
        } catch (SQLException | DataAccessException e) {
            if (!standbyFailed(e)) {
                throw e instanceof DataAccessException dataAccess
                        ? dataAccess
                        : new DataAccessException("standby " + standby.name + ": " + e.getMessage(), e);
            }
            LOG.warn("A read on standby {} failed ({}); the primary serves it", standby.name, e.getMessage());
            standby.reachable = false;
            routing.toPrimary(after, ReadRouting.Reason.STANDBY_FAILED);
            return Optional.empty();
        }
    }

    /**
     * Whether {@code e} is the standby's failure rather than the read's: no connection in time, a
     * broken one, a query the standby cancelled because replay needed what it read (SQLState 40001,
     * a recovery conflict), or a table or column it does not have yet (42P01, 42703): a migration
     * the primary has and the standby has not replayed. The primary serves such a read instead.
     */
    private static boolean standbyFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && STANDBY_FAILURES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return DatabaseErrors.isBrokenConnection(e);
    }

    private static WalPosition replayed(Connection connection) throws SQLException {
        return position(connection, REPLAYED).orElse(WalPosition.START);
    }

    /**
     * The position {@code query} answers on {@code connection}, a {@code pg_lsn} as text:
     * {@link WalPosition#START} for none (a standby that has replayed nothing yet), empty for a text
     * that is no position.
     */
    static Optional<WalPosition> position(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            String position = result.next() ? result.getString(1) : null;
            return position == null ? Optional.of(WalPosition.START) : WalPosition.parse(position);
        }
    }

    /** The next standby, in turn, among those within the lag bound; null when none is. */
    private Standby choose() {
        int count = standbys.size();
        int first = Math.floorMod(next.getAndIncrement(), count);
        for (int i = 0; i < count; i++) {
            Standby standby = standbys.get((first + i) % count);
            if (standby.reachable && standby.lagNanos <= maxLagNanos) {
                return standby;
            }
        }
        return null;
    }

    private void pollUntilClosed() {
        while (!closed) {
            try {
                poll();
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Measuring the standbys' lag failed", e);
            }
        }
    }

    /** One measurement: the primary's position, then each standby's replay and lag. */
    void poll() {
        long now = System.nanoTime();
        primary.ask(PRIMARY_POSITION).ifPresent(position -> remember(now, position));
        long keepNanos = maxLagNanos * 2 + POLL_INTERVAL.toNanos() * 8;
        while (primaryHistory.size() > 1 && now - primaryHistory.peekFirst().atNanos() > keepNanos) {
            primaryHistory.pollFirst();
        }
        for (Standby standby : standbys) {
            Optional<WalPosition> replayed = standby.probe.ask(REPLAYED);
            standby.reachable = replayed.isPresent();
            replayed.ifPresent(position -> {
                standby.replayed = position;
                standby.lagNanos = lagNanos(position, now);
                Seen latest = primaryHistory.peekLast();
                standby.lagBytes =
                        latest == null ? 0 : Math.max(0, latest.position().value() - position.value());
            });
            boolean serving = standby.reachable && standby.lagNanos <= maxLagNanos;
            if (serving != standby.serving) {
                standby.serving = serving;
                if (serving) {
                    LOG.info("Standby {} serves reads (lag {} ms)", standby.name, standby.lagNanos / 1_000_000);
                } else {
                    LOG.warn(
                            "Standby {} is skipped: {}",
                            standby.name,
                            standby.reachable ? "its lag is beyond DB_READ_MAX_LAG" : "it does not answer");
                }
            }
        }
    }

    private void remember(long now, WalPosition position) {
        Seen latest = primaryHistory.peekLast();
        if (latest == null || !latest.position().equals(position)) {
            primaryHistory.addLast(new Seen(now, position));
        }
    }

    /**
     * How long ago the primary first showed a position that {@code replayed} has not reached: 0
     * when the standby has replayed every position seen; the whole history's age when it has
     * replayed none of them.
     */
    private long lagNanos(WalPosition replayed, long now) {
        for (Seen seen : primaryHistory) {
            if (!replayed.isAtLeast(seen.position())) {
                return now - seen.atNanos();
            }
        }
        return 0;
    }

    List<Standby> standbys() {
        return standbys;
    }

    /** The standbys' pools, for their meters. */
    List<HikariDataSource> pools() {
        return standbys.stream().map(standby -> standby.pool).toList();
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        try {
            poller.join(Database.HEALTH_TIMEOUT.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primary.close();
        for (Standby standby : standbys) {
            standby.probe.close();
            standby.deadlines.close();
            standby.pool.close();
        }
    }
}
