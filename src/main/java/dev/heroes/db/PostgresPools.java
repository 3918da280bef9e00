package dev.heroes.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.AppConfig.Pooler;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.config.ReplicaSettings;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The service's connections to PostgreSQL: one pool for reads and writes alike, of
 * {@code DB_POOL_SIZE} connections that grows by up to {@code DB_MAX_OVERFLOW} under load (the
 * guide's {@code pool_size} and {@code max_overflow}), in front of which {@link Reachability} learns
 * whether the server can be reached at all. Readiness asks the server on a connection of its own,
 * with short timeouts; start-up matches the pool's upper bound against {@code max_connections}.
 */
final class PostgresPools implements Pools {

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

    /**
     * How long a migration's statement waits for a lock before it fails: a DDL statement waiting for
     * its lock makes every later request on the table wait behind it.
     */
    static final Duration MIGRATION_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final Reachability reachability;
    private final HikariDataSource pool;
    private final HealthProbe healthProbe;
    private final PoolSide side;
    private final DataSource migrations;
    private final ConnectionDeadlines deadlines;
    private final Optional<Standbys> standbys;

    /**
     * Opens the pool and the health probe's data source for {@code url} and registers their meters
     * in {@code metrics}.
     *
     * @param statementsSee a pool in, the data source the statements use out
     */
    PostgresPools(
            DatabaseUrl url,
            PoolSettings settings,
            ReplicaSettings replicas,
            DatabaseMetrics metrics,
            UnaryOperator<DataSource> statementsSee) {
        this.reachability =
                new Reachability(bounded(url, settings), settings.timeouts().failoverWait());
        this.pool = pool("heroes-pg", settings, reachability);
        this.migrations = forMigrations(postgres(url), settings);
        PGSimpleDataSource probe = postgres(url);
        probe.setConnectTimeout((int) Database.HEALTH_TIMEOUT.toSeconds());
        probe.setSocketTimeout((int) Database.HEALTH_TIMEOUT.toSeconds() * 2);
        this.healthProbe = new HealthProbe(probe, "SELECT 1");
        DataSource statements = statementsSee.apply(pool);
        CounterDataPoint timeouts = metrics.connectionTimeouts(pool.getPoolName());
        // As many requests as the pool may have connections for them, its overflow included.
        Admission admission = new Admission(
                pool.getPoolName(),
                settings.maxConnections(),
                settings.queueLength(),
                settings.connectTimeout(),
                reachability::admitsRequests,
                metrics);
        this.deadlines =
                new ConnectionDeadlines(settings.timeouts().work(), metrics.connectionsCut(pool.getPoolName()));
        this.side = PoolSide.of(pool, statements, SQLDialect.POSTGRES, admission, timeouts, deadlines);
        this.standbys = replicas.enabled()
                ? Optional.of(new Standbys(url, replicas, settings, metrics, statementsSee))
                : Optional.empty();
        List<HikariDataSource> pools = new ArrayList<>();
        pools.add(pool);
        standbys.ifPresent(each -> pools.addAll(each.pools()));
        metrics.watch(pools, List.of(admission));
        standbys.ifPresent(each -> metrics.watchStandbys(each.standbys()));
    }

    static PGSimpleDataSource postgres(DatabaseUrl url) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url.jdbcUrl());
        url.user().ifPresent(postgres::setUser);
        url.password().ifPresent(postgres::setPassword);
        return postgres;
    }

    /**
     * The requests' connections: each bounded in how long it may take to open and to run a statement
     * (the server's {@code statement_timeout}, set when the connection opens), with TCP keepalive so
     * that a connection to a vanished host is noticed while idle too. How long a request may wait for
     * a server that answers nothing at all is {@link ConnectionDeadlines}' to bound.
     *
     * <p>Through a pooler in transaction mode ({@code DB_POOLER=transaction}) a connection is no
     * server session: pgjdbc prepares no named statements (before PgBouncer 1.21 another client's
     * transaction would find them missing, or someone else's under the same name), and no setting is
     * sent at connection start (PgBouncer refuses unknown startup parameters, and a session setting
     * would reach whichever server connection ran it): the statement timeout is then the database
     * role's ({@code ALTER ROLE ... SET statement_timeout}).
     */
    static PGSimpleDataSource bounded(DatabaseUrl url, PoolSettings settings) {
        // No socketTimeout: ConnectionDeadlines bounds a silent server without a timer per read.
        return connecting(
                postgres(url),
                settings,
                "-c statement_timeout=" + settings.timeouts().statement().toMillis());
    }

    /**
     * The migrations' connections: opened for them alone, outside the pool. A migration may run
     * longer than any request (an index built CONCURRENTLY on a large table), so neither the
     * statement nor the work timeout bounds it; waiting for a table's lock is bounded instead
     * ({@link #MIGRATION_LOCK_TIMEOUT}), so that a migration run while the previous version serves
     * never queues that version's requests behind its lock for long.
     */
    private static PGSimpleDataSource forMigrations(PGSimpleDataSource postgres, PoolSettings settings) {
        // Through a pooler only the schema's version is read (Main), never migrated.
        return connecting(
                postgres, settings, "-c statement_timeout=0 -c lock_timeout=" + MIGRATION_LOCK_TIMEOUT.toMillis());
    }

    /**
     * {@code postgres} bounded in how long a connection may take to open ({@code DB_CONNECT_TIMEOUT}),
     * with TCP keepalive, and with {@code sessionSettings} set when it opens; through a pooler in
     * transaction mode, with no named prepared statements and no settings instead ({@link #bounded}).
     */
    private static PGSimpleDataSource connecting(
            PGSimpleDataSource postgres, PoolSettings settings, String sessionSettings) {
        postgres.setConnectTimeout(seconds(settings.timeouts().connect()));
        postgres.setLoginTimeout(seconds(settings.timeouts().connect()));
        postgres.setTcpKeepAlive(true);
        if (settings.pooler() == Pooler.TRANSACTION) {
            postgres.setPrepareThreshold(0);
        } else {
            withOptions(postgres, sessionSettings);
        }
        return postgres;
    }

    /** Adds server settings to those the URL's {@code options} may already set. */
    private static void withOptions(PGSimpleDataSource postgres, String options) {
        String fromUrl = postgres.getOptions();
        postgres.setOptions(fromUrl == null || fromUrl.isBlank() ? options : fromUrl + " " + options);
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, duration.toSeconds());
    }

    /**
     * A pool that keeps {@code DB_POOL_SIZE} connections and opens up to {@code DB_MAX_OVERFLOW}
     * more while requests wait; those are closed once they have been idle for
     * {@link #OVERFLOW_IDLE_TIMEOUT}.
     */
    private static HikariDataSource pool(String name, PoolSettings settings, DataSource connections) {
        HikariConfig config = Pools.poolConfig(name, settings, connections);
        // Hikari closes a connection that fails with a connection error (class 08) or a shutting-down
        // server (57P01-57P03) itself; one to a read-only server (25006: a demoted primary, or a
        // standby that the address now leads to) would otherwise keep failing every write given it.
        config.setExceptionOverride(new EvictsReadOnlyConnections());
        int size = settings.size();
        int max = settings.maxConnections();
        config.setMaximumPoolSize(max);
        if (max > size) {
            // Hikari closes idle connections down to the minimum: the overflow, not the pool.
            config.setMinimumIdle(size);
            config.setIdleTimeout(OVERFLOW_IDLE_TIMEOUT.toMillis());
        } else {
            config.setMinimumIdle(Math.min(size, 2));
        }
        return new HikariDataSource(config);
    }

    @Override
    public DataSource migrationDataSource() {
        return migrations;
    }

    /** Hikari's own rules for which failed connections to close, and connections to a read-only server. */
    private static final class EvictsReadOnlyConnections implements SQLExceptionOverride {
        // Qualified: in here Override names SQLExceptionOverride's member type.
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException error) {
            return DatabaseErrors.isReadOnlyTransaction(error)
                    ? SQLExceptionOverride.Override.MUST_EVICT
                    : SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }

    /** The one pool's. */
    @Override
    public PoolSide reads() {
        return side;
    }

    /** The one pool's, as reads'. */
    @Override
    public PoolSide writes() {
        return side;
    }

    @Override
    public SQLDialect dialect() {
        return SQLDialect.POSTGRES;
    }

    @Override
    public boolean isEmbedded() {
        return false;
    }

    @Override
    public int maxConnections() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public Optional<String> unavailability() {
        if (!reachability.isReachable()) {
            return Optional.of("the database refuses connections");
        }
        return healthProbe.check(Database.HEALTH_TIMEOUT);
    }

    /**
     * Reads {@code max_connections} and warns when the pool's upper bound takes more than half of
     * what it leaves to ordinary users: the guide's rule to match the connection count against it,
     * checked where it can be.
     */
    @Override
    public Optional<String> connectionBudgetWarning(Database database) {
        try {
            Record2<Integer, Integer> limits = database.read(
                    "max_connections",
                    dsl -> dsl.select(
                                    DSL.field("current_setting('max_connections')::int", Integer.class),
                                    DSL.field("current_setting('superuser_reserved_connections')::int", Integer.class))
                            .fetchOne());
            int available = limits.value1() - limits.value2();
            // One more for the readiness probe's connection.
            int wanted = maxConnections() + 1;
            if (wanted > available * CONNECTION_SHARE_WARNING) {
                return Optional.of("The pool may open " + wanted
                        + " connections (DB_POOL_SIZE + DB_MAX_OVERFLOW + 1 for health checks), more than half of the "
                        + available + " that max_connections=" + limits.value1() + " leaves to applications: a"
                        + " second instance could be refused connections. Lower DB_POOL_SIZE or DB_MAX_OVERFLOW, or"
                        + " raise max_connections.");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("Could not read max_connections to check the pool's upper bound: " + e.getMessage());
        }
    }

    @Override
    public Optional<Standbys> standbys() {
        return standbys;
    }

    @Override
    public void close() {
        standbys.ifPresent(Standbys::close);
        deadlines.close();
        reachability.close();
        healthProbe.close();
        pool.close();
    }
}
