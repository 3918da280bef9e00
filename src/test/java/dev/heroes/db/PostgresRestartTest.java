package dev.heroes.db;

import static dev.heroes.support.Fixtures.createHero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.HeroesApp;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pool outlives a database restart: while PostgreSQL is down requests get a clean 503, and once
 * it is back the same process serves again, with every acknowledged write still there.
 */
class PostgresRestartTest {

    @Test
    void servesAgainAfterPostgresRestarts() throws IOException {
        Path dataDirectory = Files.createTempDirectory("heroes-pg-restart");
        int port = freePort();
        EmbeddedPostgres first = start(dataDirectory, port);
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres",
                Optional.empty(), Optional.empty());
        try (Database database = Database.open(url, new PoolSettings(4, Duration.ofSeconds(2), Duration.ofMinutes(30)))) {
            Migrations.migrate(database);
            try (HeroesApp app = HeroesApp.start("127.0.0.1", 0, database)) {
                ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + app.port()));
                long hero = createHero(api, "Survivor", 1L, null);

                first.close();
                assertThat(api.get("/heroes/" + hero).status()).isEqualTo(503);

                try (EmbeddedPostgres second = start(dataDirectory, port)) {
                    ApiResponse afterRestart = api.get("/heroes/" + hero);
                    assertThat(afterRestart.status()).as(afterRestart.body()).isEqualTo(200);
                    assertThat(afterRestart.json().get("name").asText()).isEqualTo("Survivor");
                    assertThat(createHero(api, "After restart", 2L, null)).isGreaterThan(hero);
                }
            }
        } finally {
            first.close();
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
