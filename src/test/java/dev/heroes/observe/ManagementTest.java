package dev.heroes.observe;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.HeroesApp;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AppConfig.LogSettings;
import dev.heroes.config.AppConfig.ServerSettings;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import java.net.URI;
import java.util.Map;
import java.util.function.BiConsumer;

/** What an operator sees on the management port, and what a request leaves there. */
class ManagementTest {

    /** The service, on a fresh database, with its meters in one registry as Main wires them. */
    private static void onService(Backend backend, BiConsumer<ApiClient, ApiClient> test) {
        try (Observability observability = new Observability();
                Database database = backend.open(
                        backend.freshUrl(),
                        new dev.heroes.config.AppConfig.PoolSettings(
                                4, java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(30)),
                        observability.prometheus())) {
            try (HeroesApp app = HeroesApp.start(
                    ServerSettings.onFreePorts(),
                    database,
                    ApiSettings.DEFAULTS,
                    LogSettings.DEFAULTS,
                    SecuritySettings.OFF,
                    observability)) {
                test.accept(
                        new ApiClient(URI.create("http://127.0.0.1:" + app.port())),
                        new ApiClient(URI.create("http://127.0.0.1:" + app.managementPort())));
            }
        }
    }

    @OnBothDatabases
    void countsEachRequestUnderOpenTelemetrysHttpConventionWithItsExactStatus(Backend backend) {
        onService(backend, (api, management) -> {
            long team = createTeam(api, "Preventers");
            long hero = createHero(api, "Deadpond", 30L, team);
            api.get("/heroes/" + hero);
            api.get("/heroes/" + hero + "/");
            api.get("/heroes/999999");
            api.get("/heroes/not-a-number");
            api.get("/nowhere/" + hero);

            // The last request's observation is recorded just after its answer is sent.
            String unmatched = "http_server_request_duration_seconds_count{error_type=\"\",http_request_method=\"GET\","
                    + "http_response_status_code=\"404\",http_route=\"\",url_scheme=\"http\"} 1";
            String scrape = scrapeOnceItShows(management, unmatched);

            String getHero = "http_server_request_duration_seconds_count{error_type=\"\",http_request_method=\"GET\","
                    + "http_response_status_code=\"%d\",http_route=\"/heroes/{hero_id}\",url_scheme=\"http\"} %d";
            assertThat(scrape)
                    .contains(getHero.formatted(200, 2))
                    // each status its own series: a 404 and a 422 are not one "4xx"
                    .contains(getHero.formatted(404, 1))
                    .contains(getHero.formatted(422, 1))
                    .contains(unmatched)
                    .contains(
                            "http_server_request_duration_seconds_bucket{error_type=\"\",http_request_method=\"POST\","
                                    + "http_response_status_code=\"200\",http_route=\"/heroes\",url_scheme=\"http\",le=\"+Inf\"} 1")
                    .contains("# TYPE http_server_active_requests gauge")
                    .doesNotContain("status=\"4xx\"")
                    // never the raw path: an id would make a series per hero
                    .doesNotContain("/heroes/" + hero + "\"")
                    .doesNotContain("/nowhere");
            assertThat(scrape)
                    .contains("heroes_db_statement_seconds_count{statement=\"hero_find\"} 3")
                    .contains("heroes_db_statement_seconds_count{statement=\"hero_insert\"} 1")
                    .containsPattern("hikaricp_connections_active\\{pool=\"heroes-[a-z-]+\"} 0")
                    .containsPattern("hikaricp_connections_max\\{pool=\"heroes-[a-z-]+\"} [0-9]+")
                    .contains("hikaricp_connections_timeout_total{pool=")
                    .contains("heroes_db_admission_waiting{pool=")
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_gc_")
                    .contains("jvm_threads_live_threads")
                    .containsPattern("heroes_log_lines_dropped_total [0-9]");
        });
    }

    @OnBothDatabases
    void countsPreconditionFailuresAndIdempotentReplays(Backend backend) {
        onService(backend, (api, management) -> {
            long team = createTeam(api, "Preventers");
            api.raw("PATCH", "/teams/" + team, """
                    {"name": "Z"}""", Map.of("If-Match", "\"999\""));
            Map<String, String> key = Map.of("Idempotency-Key", "k-1");
            api.raw("POST", "/teams/", """
                    {"name": "Once"}""", key);
            api.raw("POST", "/teams/", """
                    {"name": "Once"}""", key);
            api.raw("POST", "/teams/", """
                    {"name": "Other"}""", key);

            assertThat(scrape(management))
                    .contains("heroes_precondition_failed_total 1.0")
                    .contains("heroes_idempotency_replays_total 1.0")
                    .contains("heroes_idempotency_conflicts_total{reason=\"other_body\"} 1.0");
        });
    }

    @OnBothDatabases
    void reportsLivenessAndReadinessInHelidonsConventions(Backend backend) {
        onService(backend, (api, management) -> {
            ApiResponse ready = management.get("/observe/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            assertThat(ready.json().get("checks").get(0).get("name").asText()).isEqualTo("database");

            ApiResponse live = management.get("/observe/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).doesNotContain("database");

            assertThat(management.get("/observe/health").json().get("status").asText())
                    .isEqualTo("UP");
        });
    }

    @OnBothDatabases
    void leavesTheApisPathsAsTheContractHasThem(Backend backend) {
        onService(backend, (api, management) -> {
            for (String path : new String[] {"/observe/health", "/observe/health/ready", "/observe/metrics"}) {
                ApiResponse response = api.get(path);
                assertThat(response.status()).as(path).isEqualTo(404);
                assertThat(response.json().get("detail").asText()).isEqualTo("Not Found");
            }
            assertThat(api.get("/openapi.json").body()).doesNotContain("/observe");
        });
    }

    @OnBothDatabases
    void echoesAUsableRequestIdAndReplacesAnyOther(Backend backend) {
        onService(backend, (api, management) -> {
            ApiResponse sent = api.raw("GET", "/heroes/", null, Map.of("X-Request-Id", "trace-0af7651916cd43dd"));
            assertThat(sent.header("X-Request-Id")).isEqualTo("trace-0af7651916cd43dd");

            ApiResponse none = api.get("/heroes/");
            assertThat(none.header("X-Request-Id")).matches("[0-9a-f]{32}");
            assertThat(api.get("/heroes/").header("X-Request-Id")).isNotEqualTo(none.header("X-Request-Id"));

            String tooLong = "x".repeat(RequestId.MAX_LENGTH + 1);
            assertThat(api.raw("GET", "/heroes/", null, Map.of("X-Request-Id", tooLong))
                            .header("X-Request-Id"))
                    .matches("[0-9a-f]{32}");
            assertThat(api.raw("GET", "/heroes/", null, Map.of("X-Request-Id", "a b\"c"))
                            .header("X-Request-Id"))
                    .matches("[0-9a-f]{32}");
        });
    }

    /**
     * Scrapes until the text appears, for at most 5 s: a request is counted after its answer has
     * left, so a client can scrape before the count of the request it has just seen answered.
     */
    private static String scrapeOnceItShows(ApiClient management, String text) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        String scrape = scrape(management);
        while (!scrape.contains(text) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            scrape = scrape(management);
        }
        return scrape;
    }

    private static String scrape(ApiClient management) {
        ApiResponse response = management.get("/observe/metrics");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        return response.body();
    }
}
