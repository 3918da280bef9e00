package dev.heroes.observe;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.HeroesApp;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AppConfig.LogSettings;
import dev.heroes.config.AppConfig.ServerSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM does ({@link HeroesApp#drain()}): a request in flight finishes and is answered in
 * full, a new connection is refused, readiness is DOWN meanwhile, and a request still running when
 * the grace ends is answered 503. The request is held in flight by a row lock that the test takes
 * on PostgreSQL, so it waits in the database as a slow statement would.
 */
class DrainTest {

    @Test
    void aRequestInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
        onDrainingService(Duration.ofSeconds(20), (app, api, management, lock) -> {
            CompletableFuture<ApiResponse> inFlight = patchHeldByTheLock(app, api, lock);

            CompletableFuture<Void> drained = CompletableFuture.runAsync(app.app::drain);
            awaitRefused(app.app.port());
            assertThat(management.get("/observe/health/ready").status()).isEqualTo(503);
            assertThat(inFlight).isNotDone();

            lock.release();
            ApiResponse answered = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.json().get("age").asInt()).isEqualTo(41);
            drained.get(10, TimeUnit.SECONDS);
        });
    }

    @Test
    void aRequestStillRunningWhenTheGraceEndsIsAnswered503() throws Exception {
        onDrainingService(Duration.ofSeconds(1), (app, api, management, lock) -> {
            CompletableFuture<ApiResponse> inFlight = patchHeldByTheLock(app, api, lock);

            long started = System.nanoTime();
            app.app.drain();
            ApiResponse answered = inFlight.get(10, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(answered.status()).isEqualTo(503);
            assertThat(answered.header("Retry-After")).isEqualTo("1");
            assertThat(answered.json().get("detail").asText()).isEqualTo("Service Unavailable");
        });
    }

    private record Running(HeroesApp app, Observability observability) {}

    /** A row lock held by the test's own connection until it is released. */
    private static final class HeroLock implements AutoCloseable {
        private final Connection connection;
        private final long hero;

        HeroLock(DatabaseUrl url, long hero) throws Exception {
            this.hero = hero;
            this.connection = DriverManager.getConnection(
                    url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null));
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM hero WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, hero);
                lock.executeQuery().close();
            }
        }

        void release() throws Exception {
            connection.rollback();
        }

        @Override
        public void close() throws Exception {
            connection.rollback();
            connection.close();
        }
    }

    private interface Scenario {
        void run(Running app, ApiClient api, ApiClient management, HeroLock lock) throws Exception;
    }

    private static void onDrainingService(Duration grace, Scenario scenario) throws Exception {
        DatabaseUrl url = Backend.POSTGRES.freshUrl();
        try (Observability observability = new Observability();
                Database database = Database.open(
                        url, dev.heroes.config.AppConfig.PoolSettings.DEFAULTS, observability.prometheus())) {
            Migrations.migrate(database);
            HeroesApp app = HeroesApp.start(
                    new ServerSettings("127.0.0.1", 0, "127.0.0.1", 0, grace),
                    database,
                    ApiSettings.DEFAULTS,
                    new LogSettings(LogSettings.DEFAULTS.format(), false),
                    SecuritySettings.OFF,
                    observability);
            try {
                ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + app.port()));
                ApiClient management = new ApiClient(URI.create("http://127.0.0.1:" + app.managementPort()));
                long hero = createHero(api, "Deadpond", 40L, createTeam(api, "Preventers"));
                try (HeroLock lock = new HeroLock(url, hero)) {
                    scenario.run(new Running(app, observability), api, management, lock);
                }
            } finally {
                app.close();
            }
        }
    }

    /** A PATCH of the locked hero, once it is in flight and waiting for the lock. */
    private static CompletableFuture<ApiResponse> patchHeldByTheLock(Running app, ApiClient api, HeroLock lock)
            throws InterruptedException {
        CompletableFuture<ApiResponse> inFlight =
                CompletableFuture.supplyAsync(() -> api.patch("/heroes/" + lock.hero, Map.of("age", 41)));
        awaitInFlight(app.observability, 1);
        return inFlight;
    }

    private static void awaitInFlight(Observability observability, int requests) throws InterruptedException {
        long started = System.nanoTime();
        while (observability.drain().inFlight() < requests) {
            assertThat(System.nanoTime() - started)
                    .as("requests in flight")
                    .isLessThan(Duration.ofSeconds(10).toNanos());
            Thread.sleep(10);
        }
        // in flight, and now waiting for the row lock
        Thread.sleep(200);
    }

    private static void awaitRefused(int port) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < Duration.ofSeconds(5).toNanos()) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            } catch (java.io.IOException other) {
                Thread.sleep(10);
            }
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
