package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.TestApp;
import dev.heroes.support.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An unexpected failure is a 500 with a fixed body; the trace goes to the log, never to the client. */
class InternalErrorTest {

    @Test
    void aFailureInsideAHandlerIsA500WithoutATrace() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            app.database().write("test", dsl -> dsl.execute("DROP TABLE hero"));

            // A 500 is outside the API and its document: a client without the OpenAPI check receives it.
            ApiClient client = new ApiClient(app.client().base());

            ApiResponse response = client.raw("POST", "/heroes/", """
                    {"name":"a","secret_name":"b"}""", Map.of());

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("""
                    {"detail":"Internal Server Error"}""");
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void anUnreachableDatabaseIsA503() {
        DatabaseUrl nowhere =
                DatabaseUrl.parse("postgresql://heroes:secret@127.0.0.1:1/heroes", Optional.empty(), Optional.empty());
        try (Database database =
                        Database.open(nowhere, new PoolSettings(1, Duration.ofSeconds(1), Duration.ofMinutes(30)));
                TestServer app = TestServer.start(database)) {
            ApiClient client = new ApiClient(URI.create("http://127.0.0.1:" + app.port()));

            ApiResponse response = client.get("/heroes/");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("""
                    {"detail":"Service Unavailable"}""");
        }
    }
}
