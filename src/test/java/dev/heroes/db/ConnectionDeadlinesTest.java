package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.config.DatabaseUrl;
import dev.heroes.support.EmbeddedPostgresServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** A connection held past its deadline is cut, wherever its statement waits; one given back in time is not. */
class ConnectionDeadlinesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final Counter cut = Counter.builder().name("cut").withoutExemplars().register(new PrometheusRegistry());

    @Test
    void aConnectionHeldPastItsDeadlineIsCutAndCounted() throws SQLException {
        try (ConnectionDeadlines deadlines = new ConnectionDeadlines(TIMEOUT, cut);
                Connection connection = connect();
                Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ConnectionDeadlines.Lease lease = deadlines.lend(connection)) {
                assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState())
                                        .as("a connection error, which the pool evicts and a read retries")
                                        .startsWith("08"));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(millis).as("cut after %d ms", millis).isBetween(TIMEOUT.toMillis(), 5_000L);
            assertThat(connection.isClosed()).isTrue();
            assertThat(cut.get()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionGivenBackInTimeIsLeftAlone() throws Exception {
        try (ConnectionDeadlines deadlines = new ConnectionDeadlines(TIMEOUT, cut);
                Connection connection = connect();
                Statement statement = connection.createStatement()) {
            try (ConnectionDeadlines.Lease lease = deadlines.lend(connection)) {
                statement.execute("SELECT 1");
            }
            Thread.sleep(TIMEOUT.multipliedBy(3).toMillis());

            assertThat(connection.isValid(1)).isTrue();
            assertThat(cut.get()).isZero();
        }
    }

    private static Connection connect() throws SQLException {
        DatabaseUrl url = EmbeddedPostgresServer.instance().freshDatabase();
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url.jdbcUrl());
        url.user().ifPresent(postgres::setUser);
        url.password().ifPresent(postgres::setPassword);
        return postgres.getConnection();
    }
}
