package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.support.Backend;
import dev.heroes.support.HeldWrites;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The guide's pool bound: pool_size plus max_overflow, matched against PostgreSQL's max_connections. */
class PoolBoundTest {

    @Test
    void thePoolGrowsByItsOverflowUnderLoadAndNoFurther() throws Exception {
        DatabaseUrl url = Backend.POSTGRES.freshUrl();
        PrometheusRegistry registry = new PrometheusRegistry();
        PoolSettings pool = new PoolSettings(2, Duration.ofSeconds(10), Duration.ofMinutes(30), 100, 3);
        try (Database database = Database.open(url, pool, registry)) {
            Migrations.migrate(database);
            database.writeStatement("test", dsl -> dsl.execute("INSERT INTO team (name) VALUES ('T')"));
            assertThat(database.maxConnections()).isEqualTo(5);
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
                    HeldWrites held = HeldWrites.on(Backend.POSTGRES, url, "team")) {
                // Seven writers wait on the lock: five on connections, two for one.
                for (int i = 0; i < 7; i++) {
                    waiting.add(CompletableFuture.supplyAsync(
                            () -> database.writeStatement("test", dsl -> dsl.execute("UPDATE team SET name = name")),
                            writers));
                }
                awaitGauge(registry, "heroes_db_admission_waiting", 2);
                awaitGauge(registry, "hikaricp_connections_active", 5);
                Thread.sleep(300);
                assertThat(gauge(registry, "hikaricp_connections")).isEqualTo(5);
                assertThat(gauge(registry, "hikaricp_connections_active")).isEqualTo(5);
                held.release();
                for (CompletableFuture<Integer> writer : waiting) {
                    assertThat(writer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void startUpWarnsWhenThePoolMayTakeMoreThanHalfOfMaxConnections() {
        DatabaseUrl url = Backend.POSTGRES.freshUrl();
        List<LogRecord> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(Database.class.getName());
        Handler collect = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(collect);
        try {
            int available;
            try (Database small =
                    Database.open(url, new PoolSettings(2, Duration.ofSeconds(5), Duration.ofMinutes(30)))) {
                small.checkConnectionBudget();
                assertThat(warnings).isEmpty();
                available = small.read(
                        "test",
                        dsl -> ((Number) dsl.fetchValue("SELECT current_setting('max_connections')::int"
                                        + " - current_setting('superuser_reserved_connections')::int"))
                                .intValue());
            }
            PoolSettings large =
                    new PoolSettings(available / 2 - 10, Duration.ofSeconds(5), Duration.ofMinutes(30), 100, 10);
            try (Database database = Database.open(url, large)) {
                database.checkConnectionBudget();
            }
            assertThat(warnings)
                    .singleElement()
                    .satisfies(warning -> assertThat(warning.getMessage()).contains("DB_POOL_SIZE + DB_MAX_OVERFLOW"));
        } finally {
            logger.removeHandler(collect);
        }
    }

    private static double gauge(PrometheusRegistry registry, String name) {
        return registry.scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getPrometheusName().equals(name))
                .flatMap(snapshot -> ((GaugeSnapshot) snapshot).getDataPoints().stream())
                .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                .sum();
    }

    private static void awaitGauge(PrometheusRegistry registry, String name, double atLeast)
            throws InterruptedException {
        long started = System.nanoTime();
        while (gauge(registry, name) < atLeast) {
            assertThat(System.nanoTime() - started)
                    .as(name)
                    .isLessThan(Duration.ofSeconds(10).toNanos());
            Thread.sleep(20);
        }
    }
}
