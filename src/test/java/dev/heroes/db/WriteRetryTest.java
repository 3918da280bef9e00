package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.StatementObserver;
import dev.heroes.support.TestApp;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Which writes a failover may have cut are done again, and which are not: work that had not reached
 * its COMMIT committed nothing and runs again on a fresh connection; a COMMIT, or a write that
 * commits on its own, cut on its way may have committed, and is answered 503 instead (a client
 * holding an Idempotency-Key retries it safely). The failures are the database's SQLStates, made by
 * the connection under the service.
 */
class WriteRetryTest {

    private static final String READ_ONLY = "25006";
    private static final String CONNECTION_FAILURE = "08006";
    private static final Pattern HERO_INSERT =
            Pattern.compile("\\s*insert\\s+into\\s+[`\"]?hero\\b", Pattern.CASE_INSENSITIVE);

    @OnBothDatabases
    void aCreateRefusedAsReadOnlyIsDoneOnceOnAFreshConnection(Backend backend) {
        FailingInserts failing = new FailingInserts(READ_ONLY, 1);
        try (TestApp app = TestApp.start(backend, failing)) {
            ApiResponse created = app.client().post("/heroes/", Map.of("name", "Again", "secret_name", "s"));

            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(failing.inserts.get()).isEqualTo(2);
            assertThat(app.client().get("/heroes/").json()).hasSize(1);
        }
    }

    @OnBothDatabases
    void aCreateWhoseConnectionBrokeUnderItIsA503AndNotDoneAgain(Backend backend) {
        FailingInserts failing = new FailingInserts(CONNECTION_FAILURE, 1);
        try (TestApp app = TestApp.start(backend, failing)) {
            ApiResponse refused = app.client().post("/heroes/", Map.of("name", "Unknown", "secret_name", "s"));

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(failing.inserts.get())
                    .as("an insert that commits on its own may have")
                    .isEqualTo(1);
        }
    }

    @OnBothDatabases
    void aTransactionCutBeforeItsCommitIsDoneAgainAndACutCommitIsNot(Backend backend) {
        FailingInserts cutBeforeCommit = new FailingInserts(CONNECTION_FAILURE, 1);
        try (TestApp app = TestApp.start(backend, cutBeforeCommit)) {
            ApiResponse created = app.client().raw("POST", "/heroes/", """
                            {"name":"Keyed","secret_name":"s"}""", Map.of("Idempotency-Key", "k-1"));

            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(cutBeforeCommit.inserts.get()).isEqualTo(2);
        }

        FailingCommits cutCommit = new FailingCommits(1);
        try (TestApp app = TestApp.start(backend, cutCommit)) {
            String body = """
                    {"name":"Keyed","secret_name":"s"}""";
            ApiResponse refused = app.client().raw("POST", "/heroes/", body, Map.of("Idempotency-Key", "k-2"));

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(cutCommit.commits.get())
                    .as("a COMMIT cut on its way is not sent again")
                    .isEqualTo(1);
            // Nothing was committed here (the COMMIT failed before it left): the client's retry with
            // its key creates the hero, once.
            ApiResponse retried = app.client().raw("POST", "/heroes/", body, Map.of("Idempotency-Key", "k-2"));
            assertThat(retried.status()).isEqualTo(200);
            assertThat(app.client().get("/heroes/").json()).hasSize(1);
        }
    }

    /** Fails the first {@code times} inserts into hero with {@code sqlState}. */
    private static final class FailingInserts implements StatementObserver {
        final AtomicInteger inserts = new AtomicInteger();
        private final String sqlState;
        private final int times;

        FailingInserts(String sqlState, int times) {
            this.sqlState = sqlState;
            this.times = times;
        }

        @Override
        public void beforeExecute(String sql, List<Object> values) throws SQLException {
            if (HERO_INSERT.matcher(sql).lookingAt() && inserts.incrementAndGet() <= times) {
                throw new SQLException("failed as a failover fails it", sqlState);
            }
        }
    }

    /** Fails the first {@code times} COMMITs as a connection broken on the COMMIT's way. */
    private static final class FailingCommits implements StatementObserver {
        final AtomicInteger commits = new AtomicInteger();
        private final int times;

        FailingCommits(int times) {
            this.times = times;
        }

        @Override
        public void beforeCommit() throws SQLException {
            if (commits.incrementAndGet() <= times) {
                throw new SQLException("An I/O error occurred while sending to the backend", CONNECTION_FAILURE);
            }
        }
    }
}
