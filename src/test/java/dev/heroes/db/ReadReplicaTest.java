package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.api.ConsistencyTokens;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.ReplicaSettings;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.PrimaryAndStandby;
import dev.heroes.support.TestServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET routes read from a streaming standby that applies every commit {@link #APPLY_DELAY} late,
 * through two service instances on the same primary and standby: a client that presents its
 * write's {@code Consistency-Token} to the other instance never reads what it wrote as missing or
 * old; without the token it does; a standby further behind than {@code DB_READ_MAX_LAG}, or gone,
 * is skipped, and the primary serves, without a 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest {

    private static final Duration APPLY_DELAY = Duration.ofMillis(300);
    private static final Duration MAX_LAG = Duration.ofSeconds(2);
    private static final int CLIENTS = 32;
    private static final int PAIRS_PER_CLIENT = 40;

    private PrimaryAndStandby postgres;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<PrometheusRegistry> registries = new ArrayList<>();
    private final List<TestServer> servers = new ArrayList<>();
    private ApiClient first;
    private ApiClient second;

    @BeforeAll
    void start() throws Exception {
        postgres = PrimaryAndStandby.start(APPLY_DELAY);
        try (Database migrating = Database.open(postgres.primaryUrl(), PoolSettings.DEFAULTS)) {
            Migrations.migrate(migrating);
        }
        postgres.awaitReplayed();
        first = instance();
        second = instance();
        awaitStandbyServing();
    }

    /** A service instance on the primary, reading from the standby. */
    private ApiClient instance() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Database database = Database.open(
                postgres.primaryUrl(),
                PoolSettings.DEFAULTS,
                // The cookie too, for the browser's way (CONSISTENCY_COOKIE=on).
                new ReplicaSettings(List.of(postgres.standbyUrl()), MAX_LAG, Duration.ofSeconds(60), true),
                registry,
                UnaryOperator.identity());
        TestServer server = TestServer.start(database);
        opened.add(database);
        opened.add(server);
        servers.add(server);
        registries.add(registry);
        return new ApiClient(URI.create("http://127.0.0.1:" + server.port()));
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        postgres.close();
    }

    @Test
    void aClientPresentingItsTokenReadsItsWritesThroughAnotherInstance() throws Exception {
        double standbyReadsBefore = sum("heroes_db_reads", "target", "standby");
        double tokenFallbacksBefore = sum("heroes_db_read_token_fallbacks", null, null);
        AtomicInteger stale = new AtomicInteger();
        List<String> staleExamples = new ArrayList<>();

        runPairs((client, pair) -> {
            ApiClient writer = pair % 2 == 0 ? first : second;
            ApiClient reader = pair % 2 == 0 ? second : first;
            String name = "Hero " + client + "-" + pair;
            ApiResponse created = writer.post("/heroes/", Map.of("name", name, "secret_name", "s"));
            assertThat(created.status()).isEqualTo(200);
            String token = created.header(ConsistencyTokens.HEADER.defaultCase());
            assertThat(token).as("a write's token").isNotNull();
            long id = created.json().get("id").asLong();
            pauseUpTo(APPLY_DELAY.multipliedBy(2));

            ApiResponse read = reader.send("GET", "/heroes/" + id, null, Map.of("Consistency-Token", token));
            if (read.status() != 200 || !name.equals(read.json().get("name").asText())) {
                stale.incrementAndGet();
                record(staleExamples, "read after create: " + read.status() + " " + read.body());
            }

            String renamed = name + " renamed";
            ApiResponse patched =
                    reader.send("PATCH", "/heroes/" + id, Map.of("name", renamed), Map.of("Consistency-Token", token));
            assertThat(patched.status()).isEqualTo(200);
            String patchToken = patched.header(ConsistencyTokens.HEADER.defaultCase());
            pauseUpTo(APPLY_DELAY.multipliedBy(2));

            ApiResponse reread = writer.send("GET", "/heroes/" + id, null, Map.of("Consistency-Token", patchToken));
            if (reread.status() != 200
                    || !renamed.equals(reread.json().get("name").asText())) {
                stale.incrementAndGet();
                record(staleExamples, "read after patch: " + reread.status() + " " + reread.body());
            }
        });

        assertThat(stale.get())
                .as("stale reads with a token: %s", staleExamples)
                .isZero();
        assertThat(sum("heroes_db_reads", "target", "standby") - standbyReadsBefore)
                .as("reads the standby served, once it had replayed the write")
                .isPositive();
        assertThat(sum("heroes_db_read_token_fallbacks", null, null) - tokenFallbacksBefore)
                .as("reads the primary served because the standby had not replayed the write yet")
                .isPositive();
    }

    @Test
    void aBrowserSendingTheCookieBackReadsItsWritesThroughAnotherInstance() throws Exception {
        AtomicInteger stale = new AtomicInteger();
        runPairs((client, pair) -> {
            if (pair >= 10) {
                return;
            }
            String name = "Cookie " + client + "-" + pair;
            ApiResponse created = first.post("/heroes/", Map.of("name", name, "secret_name", "s"));
            String setCookie = created.header("Set-Cookie");
            assertThat(setCookie)
                    .startsWith(ConsistencyTokens.COOKIE + "=")
                    .contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=60");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            ApiResponse read =
                    second.send("GET", "/heroes/" + created.json().get("id").asLong(), null, Map.of("Cookie", cookie));
            if (read.status() != 200 || !name.equals(read.json().get("name").asText())) {
                stale.incrementAndGet();
            }
        });

        assertThat(stale.get()).as("stale reads with the cookie").isZero();
    }

    @Test
    void withoutATokenAReadRightAfterAWriteMayBeStale() throws Exception {
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        runPairs((client, pair) -> {
            if (pair >= 10) {
                return;
            }
            ApiResponse created = first.post("/heroes/", Map.of("name", "Untracked " + client, "secret_name", "s"));
            ApiResponse read = second.get("/heroes/" + created.json().get("id").asLong());
            reads.incrementAndGet();
            if (read.status() == 404) {
                stale.incrementAndGet();
            } else {
                assertThat(read.status()).isEqualTo(200);
            }
        });

        assertThat(stale.get())
                .as(
                        "of %d reads right after their create, without a token, some read a standby %s behind",
                        reads.get(), APPLY_DELAY)
                .isPositive();
    }

    @Test
    void aStandbyBehindTheLagBoundOrGoneIsSkippedAndThePrimaryServes() throws Exception {
        try (Connection standby = postgres.connectToStandby();
                Statement statement = standby.createStatement()) {
            statement.execute("SELECT pg_wal_replay_pause()");
            try {
                ApiResponse created =
                        first.post("/heroes/", Map.of("name", "Written while paused", "secret_name", "s"));
                long id = created.json().get("id").asLong();
                Thread.sleep(
                        MAX_LAG.plus(Standbys.POLL_INTERVAL.multipliedBy(4)).toMillis());
                first.post("/heroes/", Map.of("name", "Keeps the primary moving", "secret_name", "s"));
                Thread.sleep(Standbys.POLL_INTERVAL.multipliedBy(3).toMillis());

                assertThat(gauge("heroes_db_standby_serving"))
                        .as("the paused standby is skipped")
                        .isZero();
                assertThat(second.get("/heroes/" + id).status())
                        .as("a read without a token, with the standby too far behind")
                        .isEqualTo(200);
            } finally {
                statement.execute("SELECT pg_wal_replay_resume()");
            }
        }
        awaitStandbyServing();

        postgres.stopStandby();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(second.get("/heroes/?limit=5").status())
                        .as("a read while the standby is down")
                        .isEqualTo(200);
            }
            for (TestServer server : servers) {
                ApiClient management = new ApiClient(URI.create("http://127.0.0.1:" + server.managementPort()));
                assertThat(management.get("/observe/health/ready").status())
                        .as("readiness follows the primary, not the standbys")
                        .isEqualTo(200);
            }
        } finally {
            postgres.startStandby();
        }
        awaitStandbyServing();
    }

    /** Runs {@link #PAIRS_PER_CLIENT} pairs on each of {@link #CLIENTS} concurrent clients. */
    private void runPairs(Pair pair) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int clientNumber = client;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < PAIRS_PER_CLIENT; i++) {
                        pair.run(clientNumber, i);
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        }
    }

    @FunctionalInterface
    private interface Pair {
        void run(int client, int pair) throws Exception;
    }

    private static void pauseUpTo(Duration most) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextLong(most.toMillis() + 1));
    }

    private static synchronized void record(List<String> examples, String example) {
        if (examples.size() < 5) {
            examples.add(example);
        }
    }

    private void awaitStandbyServing() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (gauge("heroes_db_standby_serving") < registries.size()) {
            assertThat(System.nanoTime()).as("the standby serves within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** A counter's or gauge's value summed over the instances, over the series with {@code label=value} (or all). */
    private double sum(String name, String label, String value) {
        double total = 0;
        for (PrometheusRegistry registry : registries) {
            for (MetricSnapshot snapshot : registry.scrape()) {
                if (!snapshot.getMetadata().getName().equals(name)) {
                    continue;
                }
                for (DataPointSnapshot point : snapshot.getDataPoints()) {
                    if (label == null || value.equals(point.getLabels().get(label))) {
                        total += switch (point) {
                            case CounterSnapshot.CounterDataPointSnapshot counted -> counted.getValue();
                            case GaugeSnapshot.GaugeDataPointSnapshot gauged -> gauged.getValue();
                            default -> throw new IllegalArgumentException(name + " is neither a counter nor a gauge");
                        };
                    }
                }
            }
        }
        return total;
    }

    /** A gauge's value summed over the instances. */
    private double gauge(String name) {
        return sum(name, null, null);
    }
}
