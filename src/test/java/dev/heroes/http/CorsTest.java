package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.TestServer;
import java.net.URI;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** CORS as a browser speaks it, request by request. */
class CorsTest {

    private static final String APP = "https://app.example.com";

    private record Served(Database database, TestServer server, ApiClient api) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            database.close();
        }
    }

    private static Served serve(Map<String, String> env) {
        SecuritySettings security = AppConfig.fromEnvironment(env).security();
        Database database = Backend.SQLITE.freshDatabase();
        TestServer server = TestServer.start(database, ApiSettings.DEFAULTS, security);
        return new Served(database, server, new ApiClient(URI.create("http://127.0.0.1:" + server.port())));
    }

    private static ApiResponse preflight(ApiClient api, String origin, String method, String headers) {
        return api.raw(
                "OPTIONS",
                "/heroes/",
                null,
                Map.of(
                        "Origin", origin,
                        "Access-Control-Request-Method", method,
                        "Access-Control-Request-Headers", headers,
                        // as a browser sends it with every request, preflights too
                        "Accept-Encoding", "gzip, deflate, br, zstd"));
    }

    @Test
    void anAllowedOriginsPreflightIsAnsweredAndItsRequestsMayReadTheHeadersTheyNeed() {
        try (Served app = serve(Map.of("CORS_ORIGINS", APP + ", http://localhost:3000"))) {
            ApiResponse ok =
                    preflight(app.api(), APP, "PATCH", "content-type, if-match, authorization, idempotency-key");
            assertThat(ok.status()).isEqualTo(204);
            assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(ok.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, POST, PATCH, DELETE");
            assertThat(ok.header("Access-Control-Allow-Headers"))
                    .contains("Authorization", "Content-Type", "If-Match", "Idempotency-Key");
            assertThat(ok.header("Access-Control-Max-Age")).isEqualTo("600");
            assertThat(ok.header("Vary")).isEqualTo("Origin");

            ApiResponse created = app.api()
                    .raw(
                            "POST",
                            "/heroes/",
                            "{\"name\":\"A\",\"secret_name\":\"B\"}",
                            Map.of("Origin", APP, "Content-Type", "application/json"));
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(created.header("Access-Control-Expose-Headers"))
                    .contains("ETag", "Link", "Location", "Retry-After", "X-Request-Id", "RateLimit");
        }
    }

    @Test
    void anotherOriginGetsNoCorsHeadersAndItsPreflightsAJsonRefusal() {
        try (Served app = serve(Map.of("CORS_ORIGINS", APP))) {
            ApiResponse refused = preflight(app.api(), "https://evil.example", "DELETE", "");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("detail").asText()).contains("origin https://evil.example is not allowed");
            assertThat(refused.header("Access-Control-Allow-Origin")).isNull();

            assertThat(preflight(app.api(), APP, "PUT", "").status()).isEqualTo(403);
            assertThat(preflight(app.api(), APP, "GET", "x-custom-secret").status())
                    .isEqualTo(403);

            ApiResponse read = app.api().raw("GET", "/heroes/", null, Map.of("Origin", "https://evil.example"));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void withoutCorsOriginsNothingChanges() {
        try (Served app = serve(Map.of())) {
            ApiResponse preflight = preflight(app.api(), APP, "POST", "content-type");
            assertThat(preflight.status()).isEqualTo(405);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void anyOriginIsAStarWithoutVary() {
        try (Served app = serve(Map.of("CORS_ORIGINS", "*"))) {
            ApiResponse read = app.api().raw("GET", "/heroes/", null, Map.of("Origin", "https://anyone.example"));
            assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(read.header("Vary")).isNull();
        }
        Assertions.assertThatThrownBy(
                        () -> AppConfig.fromEnvironment(Map.of("CORS_ORIGINS", "https://app.example.com/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an origin");
    }
}
