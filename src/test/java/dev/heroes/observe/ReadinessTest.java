package dev.heroes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.EmbeddedPostgresServer;
import dev.heroes.support.RestartablePostgres;
import dev.heroes.support.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Readiness follows the database (and liveness does not), as a load balancer needs it to. */
class ReadinessTest {

    @Test
    void readinessGoesDownWithinASecondOfAPostgresStopAndUpWhenItIsBack() throws Exception {
        RestartablePostgres postgres = new RestartablePostgres();
        try {
            postgres.start();
            try (Database database =
                    Database.open(postgres.url(), new PoolSettings(2, Duration.ofSeconds(2), Duration.ofMinutes(30)))) {
                Migrations.migrate(database);
                try (TestServer app = TestServer.start(database)) {
                    ApiClient management = new ApiClient(URI.create("http://127.0.0.1:" + app.managementPort()));
                    assertThat(management.get("/observe/health/ready").status()).isEqualTo(200);

                    postgres.stop();
                    long asked = System.nanoTime();
                    ApiResponse down = management.get("/observe/health/ready");
                    Duration took = Duration.ofNanos(System.nanoTime() - asked);

                    assertThat(down.status()).isEqualTo(503);
                    assertThat(took).isLessThan(Duration.ofMillis(1_500));
                    assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
                    assertThat(down.json()
                                    .get("checks")
                                    .get(0)
                                    .get("data")
                                    .get("reason")
                                    .asText())
                            .isNotBlank();
                    assertThat(management.get("/observe/health/live").status()).isEqualTo(200);

                    postgres.start();
                    assertThat(awaitStatus(management, "/observe/health/ready", 200))
                            .isEqualTo(200);
                }
            }
        } finally {
            postgres.stop();
        }
    }

    @Test
    void aDownReadinessNamesTheCheckAndAGenericReasonNeverTheDriversMessage() {
        int port = EmbeddedPostgresServer.instance().port();
        DatabaseUrl missing = DatabaseUrl.parse(
                "postgresql://postgres:not-the-password@127.0.0.1:" + port + "/no_such_database_x7",
                Optional.empty(),
                Optional.empty());
        try (Database database =
                        Database.open(missing, new PoolSettings(1, Duration.ofSeconds(1), Duration.ofMinutes(30)));
                TestServer app = TestServer.start(database)) {
            ApiClient management = new ApiClient(URI.create("http://127.0.0.1:" + app.managementPort()));
            ApiResponse down = management.get("/observe/health/ready");

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().at("/checks/0/name").asText()).isEqualTo("database");
            assertThat(down.json().at("/checks/0/data/reason").asText()).isEqualTo("the database does not answer");
            assertThat(down.body())
                    .doesNotContain("no_such_database_x7")
                    .doesNotContain("postgres")
                    .doesNotContain("not-the-password")
                    .doesNotContain("does not exist");
        }
    }

    /** The first status that is {@code wanted}, asking every 50 ms for up to 15 s; else the last one. */
    static int awaitStatus(ApiClient client, String path, int wanted) throws InterruptedException {
        long started = System.nanoTime();
        int status = client.get(path).status();
        while (status != wanted
                && System.nanoTime() - started < Duration.ofSeconds(15).toNanos()) {
            Thread.sleep(50);
            status = client.get(path).status();
        }
        return status;
    }
}
