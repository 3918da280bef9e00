package dev.heroes.db;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.DatabaseTimeouts;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.RestartablePostgres;
import dev.heroes.support.RestartablePostgres.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a client sees of the service while its PostgreSQL fails over, each failure made on a server
 * of the test's own: a primary that turns read-only (as a demoted one does), a statement that does
 * not end, a request cut before its COMMIT. No 500 and no hang: a 503 with {@code Retry-After} once
 * the request's wait is over, and work that never reached its COMMIT done again on a fresh
 * connection, so that a short failover costs no error at all.
 */
class FailoverTest {

    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(3);

    @Test
    void aWriteRefusedByAReadOnlyPrimaryIsDoneOnceThePrimaryTakesWritesAgain() throws Exception {
        onServiceOverOwnPostgres(Duration.ofSeconds(5), (api, postgres) -> {
            createHero(api, "Before", 1L, null);
            readOnly(postgres, true);
            CompletableFuture<ApiResponse> write = CompletableFuture.supplyAsync(
                    () -> api.post("/heroes/", Map.of("name", "During", "secret_name", "s")));
            Thread.sleep(500);
            readOnly(postgres, false);

            ApiResponse created = write.get();
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(api.get("/heroes/?name=During").json()).hasSize(1);
        });
    }

    @Test
    void aPrimaryThatStaysReadOnlyIsA503ForWritesWhileReadsGoOn() throws Exception {
        onServiceOverOwnPostgres(Duration.ofSeconds(5), (api, postgres) -> {
            long hero = createHero(api, "Before", 1L, null);
            readOnly(postgres, true);
            try {
                long started = System.nanoTime();
                ApiResponse refused = api.post("/heroes/", Map.of("name", "Refused", "secret_name", "s"));
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(refused.body()).isEqualTo("""
                        {"detail":"Service Unavailable"}""");
                assertThat(millis)
                        .as("answered after %d ms: the failover wait, not a hang", millis)
                        .isBetween(FAILOVER_WAIT.toMillis() / 2, FAILOVER_WAIT.toMillis() + 3_000);
                assertThat(api.get("/heroes/" + hero).status()).isEqualTo(200);
            } finally {
                readOnly(postgres, false);
            }
            assertThat(api.post("/heroes/", Map.of("name", "After", "secret_name", "s"))
                            .status())
                    .isEqualTo(200);
            assertThat(api.get("/heroes/?name=Refused").json()).isEmpty();
        });
    }

    @Test
    void aStatementPastItsTimeoutIsA503InsteadOfAHang() throws Exception {
        onServiceOverOwnPostgres(Duration.ofSeconds(1), (api, postgres) -> {
            long hero = createHero(api, "Locked", 1L, null);
            try (Connection holder = postgres.connect();
                    Statement statement = holder.createStatement()) {
                holder.setAutoCommit(false);
                statement.execute("SELECT * FROM hero WHERE id = " + hero + " FOR UPDATE");

                long started = System.nanoTime();
                ApiResponse patched = api.patch("/heroes/" + hero, Map.of("age", 2));
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertThat(patched.status()).as(patched.body()).isEqualTo(503);
                assertThat(patched.header("Retry-After")).isNotNull();
                assertThat(millis).as("answered after %d ms", millis).isBetween(900L, 4_000L);
                holder.rollback();
            }
            ApiResponse patched = api.patch("/heroes/" + hero, Map.of("age", 2));
            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.json().get("age").asLong()).isEqualTo(2);
        });
    }

    /**
     * A create whose connection is cut while it waits (for a lock on its team's row) had not reached
     * its COMMIT: the service runs it again on a fresh connection and the client gets its hero, once.
     * Its Idempotency-Key was claimed in the same transaction, so the cut left no claim that would
     * make the retry a 409, and a later retry with the key replays the same hero.
     */
    @Test
    void aCreateCutBeforeItsCommitIsDoneAgainAndItsKeyLeavesNoClaimBehind() throws Exception {
        onServiceOverOwnPostgres(Duration.ofSeconds(5), (api, postgres) -> {
            long team = createTeam(api, "Locked team");
            String body = """
                    {"name":"Cut","secret_name":"s","team_id":%d}""".formatted(team);
            CompletableFuture<ApiResponse> create;
            try (Connection holder = postgres.connect();
                    Statement statement = holder.createStatement()) {
                holder.setAutoCommit(false);
                statement.execute("SELECT * FROM team WHERE id = " + team + " FOR UPDATE");
                create = CompletableFuture.supplyAsync(
                        () -> api.raw("POST", "/heroes/", body, Map.of("Idempotency-Key", "cut-1")));
                int waiting = awaitWaitingForLock(statement);
                statement.execute("SELECT pg_terminate_backend(" + waiting + ")");
                Thread.sleep(200);
                holder.rollback();
            }

            ApiResponse created = create.get();
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            ApiResponse replayed = api.raw("POST", "/heroes/", body, Map.of("Idempotency-Key", "cut-1"));
            assertThat(replayed.status()).isEqualTo(200);
            assertThat(replayed.body()).isEqualTo(created.body());
            assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(api.get("/heroes/?name=Cut").json()).hasSize(1);
        });
    }

    /**
     * A server that answers nothing (its processes stopped, as a frozen machine's are) costs a
     * request {@code DB_WORK_TIMEOUT}, after which its connection is cut: a read is then done again
     * on a fresh connection, a PATCH that may have reached the server is a 503; neither hangs.
     */
    @Test
    void aServerThatAnswersNothingCostsTheWorkTimeoutNotAHang() throws Exception {
        DatabaseTimeouts timeouts = new DatabaseTimeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2), FAILOVER_WAIT);
        onServiceOverOwnPostgres(timeouts, (api, postgres) -> {
            long hero = createHero(api, "Frozen", 1L, null);
            List<Integer> frozen = signalServiceBackends(postgres, "STOP");
            try {
                assertThat(frozen).isNotEmpty();
                long started = System.nanoTime();
                ApiResponse read = api.get("/heroes/" + hero);
                long readMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(read.status()).as(read.body()).isEqualTo(200);
                assertThat(readMillis)
                        .as("read answered after %d ms: the work timeout, then a fresh connection", readMillis)
                        .isBetween(1_500L, 6_000L);

                frozen.addAll(signalServiceBackends(postgres, "STOP"));
                started = System.nanoTime();
                ApiResponse patched = api.patch("/heroes/" + hero, Map.of("age", 3));
                long patchMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(patched.status()).as(patched.body()).isIn(200, 503);
                assertThat(patchMillis)
                        .as("PATCH answered after %d ms", patchMillis)
                        .isLessThan(8_000L);
            } finally {
                signal(frozen, "CONT");
            }
            assertThat(api.patch("/heroes/" + hero, Map.of("age", 4)).status()).isEqualTo(200);
        });
    }

    /** Sends {@code signal} to the server's processes that serve the service's connections. */
    private static List<Integer> signalServiceBackends(RestartablePostgres postgres, String signal) throws Exception {
        List<Integer> backends = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity"
                        + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            while (rows.next()) {
                backends.add(rows.getInt(1));
            }
        }
        signal(backends, signal);
        return backends;
    }

    private static void signal(List<Integer> pids, String signal) throws Exception {
        for (int pid : pids) {
            new ProcessBuilder("kill", "-" + signal, Integer.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    /** The backend of the one session waiting for a lock, once there is one. */
    private static int awaitWaitingForLock(Statement statement) throws SQLException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (ResultSet waiting = statement.executeQuery(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
                if (waiting.next()) {
                    return waiting.getInt(1);
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no session came to wait for the lock");
    }

    /** The whole server read-only, or not: what a primary demoted in a failover becomes. */
    /**
     * Turns the server read-only, or back, for every session. A backend applies a reloaded setting
     * only before it reads its next command, so an idle pooled connection runs one more statement
     * with the old one; Hikari pings a connection idle for more than 500 ms before lending it, and
     * that ping is then the statement. So: wait until a new session sees the setting, then until
     * every pooled connection has been idle that long (a CI run failed on a connection used just
     * before).
     */
    private static void readOnly(RestartablePostgres postgres, boolean readOnly)
            throws SQLException, InterruptedException {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    readOnly
                            ? "ALTER SYSTEM SET default_transaction_read_only = on"
                            : "ALTER SYSTEM RESET default_transaction_read_only");
            statement.execute("SELECT pg_reload_conf()");
        }
        String wanted = readOnly ? "on" : "off";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection connection = postgres.connect();
                    Statement statement = connection.createStatement();
                    ResultSet shown = statement.executeQuery("SHOW default_transaction_read_only")) {
                if (shown.next() && wanted.equals(shown.getString(1))) {
                    break;
                }
            }
            assertThat(System.nanoTime()).as("the server reloaded within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(HIKARI_ALIVE_BYPASS.plusMillis(200).toMillis());
    }

    /** Hikari's {@code com.zaxxer.hikari.aliveBypassWindowMs}: a connection idle longer is pinged when lent. */
    private static final Duration HIKARI_ALIVE_BYPASS = Duration.ofMillis(500);

    /** The service on a PostgreSQL of the test's own, with {@code statementTimeout}, stopped at the end. */
    private static void onServiceOverOwnPostgres(Duration statementTimeout, Scenario scenario) throws Exception {
        onServiceOverOwnPostgres(
                new DatabaseTimeouts(
                        Duration.ofSeconds(2), statementTimeout, statementTimeout.plusSeconds(5), FAILOVER_WAIT),
                scenario);
    }

    /** The service on a PostgreSQL of the test's own, with {@code timeouts}, stopped at the end. */
    private static void onServiceOverOwnPostgres(DatabaseTimeouts timeouts, Scenario scenario) throws Exception {
        RestartablePostgres.withService(
                new PoolSettings(
                        4,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(30),
                        PoolSettings.DEFAULT_QUEUE_LENGTH,
                        0,
                        timeouts),
                scenario);
    }
}
