package dev.heroes.db;

import static dev.heroes.support.Fixtures.createHero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.DatabaseTimeouts;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.RestartablePostgres;
import dev.heroes.support.RestartablePostgres.Scenario;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pool outlives a database restart: while PostgreSQL is down requests get a clean 503, and once
 * it is back the same process serves again, with every acknowledged write still there.
 */
class PostgresRestartTest {

    /** How long requests still wait for a database that refused a connection (DB_FAILOVER_WAIT). */
    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(1);

    @Test
    void servesAgainAfterPostgresRestarts() throws Exception {
        onServiceOverRestartablePostgres(Duration.ofSeconds(2), (api, postgres) -> {
            long hero = createHero(api, "Survivor", 1L, null);

            postgres.stop();
            assertThat(api.get("/heroes/" + hero).status()).isEqualTo(503);

            postgres.start();
            // The service learns that the database is back within a probe's interval.
            ApiResponse afterRestart = awaitServed(api, "/heroes/" + hero);
            assertThat(afterRestart.status()).as(afterRestart.body()).isEqualTo(200);
            assertThat(afterRestart.json().get("name").asText()).isEqualTo("Survivor");
            assertThat(createHero(api, "After restart", 2L, null)).isGreaterThan(hero);
        });
    }

    /**
     * Once a connection attempt has been refused and the failover wait is over, no request waits
     * out the pool's timeout (5 s here): each is answered 503 with Retry-After at once, and the
     * first request after the database's return is served, without a restart of the service.
     */
    @Test
    void answers503AtOnceWhileTheDatabaseIsDownAndServesAgainWhenItIsBack() throws Exception {
        onServiceOverRestartablePostgres(Duration.ofSeconds(5), (api, postgres) -> {
            long hero = createHero(api, "Survivor", 1L, null);
            postgres.stop();
            // The request that finds the database gone, and those in the failover wait after it,
            // wait for it (a switchover's new primary takes seconds to be reached); past that it
            // is an outage.
            ApiResponse discovering = api.get("/heroes/" + hero);
            assertThat(discovering.status()).isEqualTo(503);
            long outage = System.nanoTime();
            ApiResponse waiting;
            do {
                waiting = api.get("/heroes/" + hero);
                assertThat(waiting.status()).isEqualTo(503);
            } while (System.nanoTime() - outage < FAILOVER_WAIT.toNanos());

            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                ApiResponse refused = i % 2 == 0
                        ? api.get("/heroes/" + hero)
                        : api.post("/heroes/", Map.of("name", "Lost", "secret_name", "s"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.body()).isEqualTo("""
                        {"detail":"Service Unavailable"}""");
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                // Far below the pool's 5 s: nothing waited for a connection.
                assertThat(millis).as("answered in %d ms", millis).isLessThan(1_000);
            }

            postgres.start();
            long back = System.nanoTime();
            ApiResponse served = awaitServed(api, "/heroes/" + hero);
            long millis = (System.nanoTime() - back) / 1_000_000;
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            assertThat(millis).as("served again after %d ms", millis).isLessThan(2_000);
        });
    }

    /**
     * Runs {@code scenario} against the service on a migrated database of a PostgreSQL that the
     * scenario may stop and start again, on the same port and data; it is stopped at the end.
     */
    private static void onServiceOverRestartablePostgres(Duration poolTimeout, Scenario scenario) throws Exception {
        RestartablePostgres.withService(
                new PoolSettings(
                        4,
                        poolTimeout,
                        Duration.ofMinutes(30),
                        PoolSettings.DEFAULT_QUEUE_LENGTH,
                        0,
                        new DatabaseTimeouts(
                                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), FAILOVER_WAIT)),
                scenario);
    }

    /** The first answer that is not a 503, asking every 20 ms for up to 10 s. */
    private static ApiResponse awaitServed(ApiClient api, String path) {
        long started = System.nanoTime();
        ApiResponse response = api.get(path);
        while (response.status() == 503
                && System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = api.get(path);
        }
        return response;
    }
}
