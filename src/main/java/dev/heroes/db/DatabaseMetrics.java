package dev.heroes.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The database's meters, in the Prometheus client's own types: a classic histogram observation
 * there costs a fraction of a Micrometer timer's, which keeps a time window and a maximum (measured
 * on {@code GET /heroes/{id}}: Micrometer's timers and HikariCP's tracker took 9% of the CPU
 * samples). Pool gauges read HikariCP's own counts when scraped, under the names its Micrometer
 * tracker uses, so that ready-made dashboards find them; nothing about a pool is counted per
 * request.
 *
 * <ul>
 *   <li>{@code hikaricp_connections}, {@code _active}, {@code _idle}, {@code _pending},
 *   {@code _max}, by pool; {@code hikaricp_connections_timeout_total}: connections not made within
 *   the wait
 *   <li>{@code heroes_db_admission_waiting}: requests waiting to be admitted to a pool;
 *   {@code heroes_db_admission_wait_seconds}: how long they waited, for a pool of one
 *   connection: SQLite's writers' queue; {@code heroes_db_shed_total}: requests answered 503 without a connection, by
 *   reason
 *   <li>{@code heroes_db_statement_seconds}: how long each named statement (or transaction) held its
 *   connection
 * </ul>
 */
final class DatabaseMetrics {

    /** From a cached read to a long wait on a lock. */
    private static final double[] STATEMENT_BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
    /** From an instant admission to the longest a request may wait. */
    private static final double[] WAIT_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5};

    private final PrometheusRegistry registry;
    private final Histogram statements;
    private final Histogram admissionWait;
    private final Counter shed;
    private final Counter connectionTimeouts;
    private final Counter connectionsCut;
    private final Counter reads;
    private final Counter readFallbacks;
    private final Counter tokenFallbacks;
    private final ConcurrentMap<String, DistributionDataPoint> statementSeries = new ConcurrentHashMap<>();

    DatabaseMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        this.statements = Histogram.builder()
                .name("heroes_db_statement_seconds")
                .help("Time a named statement (or transaction) holds its connection")
                .labelNames("statement")
                .classicOnly()
                .classicUpperBounds(STATEMENT_BUCKETS)
                .withoutExemplars()
                .register(registry);
        this.admissionWait = Histogram.builder()
                .name("heroes_db_admission_wait_seconds")
                .help("How long requests waited to be admitted to a pool of one connection (SQLite's writer)")
                .labelNames("pool")
                .classicOnly()
                .classicUpperBounds(WAIT_BUCKETS)
                .withoutExemplars()
                .register(registry);
        this.shed = Counter.builder()
                .name("heroes_db_shed_total")
                .help("Requests answered 503 without a connection")
                .labelNames("pool", "reason")
                .withoutExemplars()
                .register(registry);
        this.connectionTimeouts = Counter.builder()
                .name("hikaricp_connections_timeout_total")
                .help("Connections not made within the wait")
                .labelNames("pool")
                .withoutExemplars()
                .register(registry);
        this.connectionsCut = Counter.builder()
                .name("heroes_db_connections_cut_total")
                .help("Connections cut because a request's work held them past DB_WORK_TIMEOUT")
                .labelNames("pool")
                .withoutExemplars()
                .register(registry);
        this.reads = Counter.builder()
                .name("heroes_db_reads_total")
                .help("Reads by the server that served them, when standbys are configured")
                .labelNames("target")
                .withoutExemplars()
                .register(registry);
        this.readFallbacks = Counter.builder()
                .name("heroes_db_read_fallbacks_total")
                .help("Reads the primary served although standbys are configured, by why")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        this.tokenFallbacks = Counter.builder()
                .name("heroes_db_read_token_fallbacks_total")
                .help("Reads presenting a Consistency-Token that the primary served")
                .withoutExemplars()
                .register(registry);
    }

    /** The series of a named statement, made once per name. */
    DistributionDataPoint statement(String name) {
        DistributionDataPoint series = statementSeries.get(name);
        return series != null ? series : statementSeries.computeIfAbsent(name, statements::labelValues);
    }

    DistributionDataPoint admissionWait(String pool) {
        return admissionWait.labelValues(pool);
    }

    CounterDataPoint shed(String pool, String reason) {
        return shed.labelValues(pool, reason);
    }

    CounterDataPoint connectionTimeouts(String pool) {
        return connectionTimeouts.labelValues(pool);
    }

    CounterDataPoint connectionsCut(String pool) {
        return connectionsCut.labelValues(pool);
    }

    CounterDataPoint reads(String target) {
        return reads.labelValues(target);
    }

    CounterDataPoint readFallbacks(String reason) {
        return readFallbacks.labelValues(reason);
    }

    CounterDataPoint tokenFallbacks() {
        return tokenFallbacks.labelValues();
    }

    /** Each standby's lag and whether it serves, read when scraped. */
    void watchStandbys(List<Standbys.Standby> standbys) {
        GaugeWithCallback.builder()
                .name("heroes_db_standby_lag_seconds")
                .help("How far behind the primary each standby was at the last measurement (+Inf: unknown)")
                .labelNames("standby")
                .callback(callback -> standbys.forEach(standby -> callback.call(
                        standby.lagNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : standby.lagNanos / 1e9,
                        standby.name)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("heroes_db_standby_lag_bytes")
                .help("Write-ahead log the primary had written that each standby had not replayed")
                .labelNames("standby")
                .callback(callback -> standbys.forEach(standby -> callback.call(standby.lagBytes, standby.name)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("heroes_db_standby_serving")
                .help("1 when a standby answers and is within DB_READ_MAX_LAG, so that reads may go to it")
                .labelNames("standby")
                .callback(callback -> standbys.forEach(standby -> callback.call(standby.serving ? 1 : 0, standby.name)))
                .register(registry);
    }

    /** Registers the gauges, read from the pools and admissions when scraped. */
    void watch(List<HikariDataSource> pools, List<Admission> admissions) {
        poolGauge("hikaricp_connections", "Connections open", pools, HikariPoolMXBean::getTotalConnections);
        poolGauge("hikaricp_connections_active", "Connections in use", pools, HikariPoolMXBean::getActiveConnections);
        poolGauge("hikaricp_connections_idle", "Connections idle", pools, HikariPoolMXBean::getIdleConnections);
        poolGauge(
                "hikaricp_connections_pending",
                "Threads waiting for a connection inside the pool",
                pools,
                HikariPoolMXBean::getThreadsAwaitingConnection);
        gauge(
                "hikaricp_connections_max",
                "The most connections the pool opens",
                pools,
                HikariDataSource::getPoolName,
                HikariDataSource::getMaximumPoolSize);
        gauge(
                "heroes_db_admission_waiting",
                "Requests waiting to be admitted to a connection pool",
                admissions,
                Admission::pool,
                Admission::waiting);
    }

    private void poolGauge(
            String name, String help, List<HikariDataSource> pools, ToIntFunction<HikariPoolMXBean> value) {
        gauge(name, help, pools, HikariDataSource::getPoolName, pool -> {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            // null until the pool has started, and after it closed
            return bean == null ? 0 : value.applyAsInt(bean);
        });
    }

    /** A gauge with one series per pool, read from {@code sources} when scraped. */
    private <T> void gauge(
            String name, String help, List<T> sources, Function<T, String> pool, ToIntFunction<T> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("pool")
                .callback(callback ->
                        sources.forEach(source -> callback.call(value.applyAsInt(source), pool.apply(source))))
                .register(registry);
    }
}
