package dev.heroes.idempotency;

import static dev.heroes.db.schema.Tables.IDEMPOTENCY_KEY;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.api.Json;
import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AuthSettings;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.OpenApiCheck;
import dev.heroes.support.TestApp;
import dev.heroes.support.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency-Key on POST /heroes/ and POST /teams/, on both databases. */
class IdempotencyTest {

    private static final String HERO = """
            {"name":"Deadpond","secret_name":"Dive Wilson","age":30}""";

    private static int storedKeys(TestApp app) {
        return app.database().read("test", dsl -> dsl.fetchCount(IDEMPOTENCY_KEY));
    }

    private static ApiResponse post(ApiClient api, String path, String body, String key) {
        return api.raw("POST", path, body, Map.of("Idempotency-Key", key));
    }

    @OnBothDatabases
    void aRetryReplaysTheStoredResponseByteForByteAndCreatesNothing(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();

            ApiResponse first = post(api, "/heroes/", HERO, "key-1");
            ApiResponse retry = post(api, "/heroes/", """
                            {"name": "Deadpond", "secret_name": "Dive Wilson", "age": 30}""", "key-1");

            assertThat(first.status()).isEqualTo(200);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(first.header("Idempotent-Replayed")).isNull();
            assertThat(api.get("/heroes/").json()).hasSize(1);

            ApiResponse team = post(api, "/teams/", """
                    {"name":"Preventers"}""", "key-1");
            assertThat(post(api, "/teams", """
                    {"name":"Preventers"}""", "key-1").body()).isEqualTo(team.body());
            assertThat(api.get("/teams/").json()).hasSize(1);
            assertThat(post(api, "/heroes/", HERO, "key-2").json().get("id").asLong())
                    .isNotEqualTo(first.json().get("id").asLong());
        }
    }

    @OnBothDatabases
    void theSameKeyWithAnotherBodyIsA422AndCreatesNothing(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            post(api, "/heroes/", HERO, "key-1");

            ApiResponse other = post(api, "/heroes/", """
                    {"name":"Other","secret_name":"x"}""", "key-1");

            assertThat(other.status()).isEqualTo(422);
            assertThat(other.json().at("/detail/0/type").asText()).isEqualTo("idempotency_key_reused");
            assertThat(other.json().at("/detail/0/loc").toString()).isEqualTo("""
                    ["header","Idempotency-Key"]""");
            assertThat(api.get("/heroes/").json()).hasSize(1);
        }
    }

    @Test
    void aKeyOfMoreThan255CharactersIsA400() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiResponse tooLong = post(app.client(), "/heroes/", HERO, "k".repeat(256));

            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.body()).isEqualTo("""
                    {"detail":"Idempotency-Key must be 1 to 255 characters long"}""");
            assertThat(post(app.client(), "/heroes/", HERO, "k".repeat(255)).status())
                    .isEqualTo(200);
            assertThat(app.client().get("/heroes/").json()).hasSize(1);
        }
    }

    @OnBothDatabases
    void requestsThatFailStoreNothingForTheirKey(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();

            assertThat(post(api, "/heroes/", """
                    {"name":"Deadpond"}""", "key-1").status()).isEqualTo(422);
            assertThat(post(api, "/heroes/", """
                    {"name":"A","secret_name":"B","team_id":999}""", "key-2").status()).isEqualTo(422);
            assertThat(storedKeys(app)).isZero();

            long team = createTeam(api, "Preventers");
            assertThat(post(api, "/heroes/", HERO, "key-1").status()).isEqualTo(200);
            ApiResponse retried = post(api, "/heroes/", """
                    {"name":"A","secret_name":"B","team_id":%d}""".formatted(team), "key-2");
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().get("team_id").asLong()).isEqualTo(team);
        }
    }

    /**
     * A claim without an answer, as earlier versions of the service committed before their create
     * (this one claims, creates and stores the answer in one transaction): a retry while it is fresh
     * is a 409.
     */
    @OnBothDatabases
    void aRetryWhileAClaimOfAnEarlierVersionIsFreshIsA409(Backend backend) throws Exception {
        try (TestApp app = TestApp.start(backend)) {
            String hash = Idempotency.fingerprint(new ObjectMapper().readTree(HERO));
            long now = System.currentTimeMillis();
            app.database()
                    .write(
                            "test",
                            dsl -> dsl.insertInto(IDEMPOTENCY_KEY)
                                    .set(IDEMPOTENCY_KEY.ROUTE, "POST /heroes")
                                    .set(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_, "busy")
                                    .set(IDEMPOTENCY_KEY.REQUEST_HASH, hash)
                                    .set(IDEMPOTENCY_KEY.CREATED_AT, now)
                                    .set(IDEMPOTENCY_KEY.EXPIRES_AT, now + 60_000)
                                    .execute());

            ApiResponse retry = post(app.client(), "/heroes/", HERO, "busy");

            assertThat(retry.status()).isEqualTo(409);
            assertThat(retry.body()).isEqualTo("""
                            {"detail":"A request with this Idempotency-Key is still being processed"}""");
            assertThat(app.client().get("/heroes/").json()).isEmpty();
        }
    }

    @OnBothDatabases
    void keysExpireAndArePruned(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            post(api, "/heroes/", HERO, "old");
            app.database()
                    .write(
                            "test",
                            dsl -> dsl.update(IDEMPOTENCY_KEY)
                                    .set(IDEMPOTENCY_KEY.EXPIRES_AT, 1L)
                                    .execute());

            ApiResponse reused = post(api, "/heroes/", """
                    {"name":"Other","secret_name":"x"}""", "old");
            assertThat(reused.status()).isEqualTo(200);
            assertThat(reused.json().get("name").asText()).isEqualTo("Other");
            assertThat(api.get("/heroes/").json()).hasSize(2);

            post(api, "/teams/", """
                    {"name":"T"}""", "fresh");
            Clock dayLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));
            try (Idempotency idempotency =
                    new Idempotency(app.database(), new Json(), Duration.ofHours(24), dayLater)) {
                assertThat(idempotency.pruneExpired()).isEqualTo(2);
            }
            assertThat(storedKeys(app)).isZero();
        }
    }

    @Test
    void twoInstancesOnOnePostgresHonourEachOthersKeys() throws Exception {
        try (Database database = Backend.POSTGRES.freshDatabase();
                TestServer first = TestServer.start(database);
                TestServer second = TestServer.start(database);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<ApiClient> instances = List.of(
                    new ApiClient(URI.create("http://127.0.0.1:" + first.port())).alsoCheck(OpenApiCheck.bundled()),
                    new ApiClient(URI.create("http://127.0.0.1:" + second.port())).alsoCheck(OpenApiCheck.bundled()));
            for (int round = 0; round < 5; round++) {
                String key = "shared-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ApiResponse>> sent = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    ApiClient instance = instances.get(i % 2);
                    sent.add(clients.submit(() -> {
                        start.await();
                        return post(instance, "/heroes/", HERO, key);
                    }));
                }
                start.countDown();
                Set<String> bodies = new HashSet<>();
                for (Future<ApiResponse> response : sent) {
                    ApiResponse answered = response.get();
                    // One creates; the others wait for its transaction and replay its answer.
                    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
                    bodies.add(answered.body());
                }
                assertThat(bodies)
                        .as("round %d: every 200 is the same hero", round)
                        .hasSize(1);
            }
            assertThat(instances.getFirst().get("/heroes/").json()).hasSize(5);
        }
    }

    @OnBothDatabases
    void twoCallersSendingTheSameKeyNeverSeeEachOthersResponse(Backend backend, @TempDir Path dir) throws Exception {
        String aliceKey = "k-alice-0123456789abcdef0123456789abcdef";
        String bobKey = "k-bob-0123456789abcdef0123456789abcdef0";
        Path keys = Files.writeString(
                dir.resolve("keys"),
                "alice " + sha256(aliceKey) + " heroes:read,heroes:write\n" + "bob " + sha256(bobKey)
                        + " heroes:read,heroes:write\n");
        AuthSettings auth = AppConfig.fromEnvironment(Map.of("AUTH_API_KEYS_FILE", keys.toString()))
                .auth();
        Database database = backend.freshDatabase();
        try (database;
                TestServer server = TestServer.start(database, ApiSettings.DEFAULTS, auth)) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.port()));
            ApiResponse alice =
                    api.raw("POST", "/heroes/", HERO, Map.of("Idempotency-Key", "same", "X-API-Key", aliceKey));
            ApiResponse bob = api.raw("POST", "/heroes/", """
                    {"name":"Bob's hero","secret_name":"B"}""", Map.of("Idempotency-Key", "same", "X-API-Key", bobKey));
            ApiResponse aliceAgain =
                    api.raw("POST", "/heroes/", HERO, Map.of("Idempotency-Key", "same", "X-API-Key", aliceKey));

            assertThat(alice.status()).isEqualTo(200);
            assertThat(bob.status())
                    .as("not a 422 for another body: the key is Bob's own")
                    .isEqualTo(200);
            assertThat(bob.json().get("name").asText()).isEqualTo("Bob's hero");
            assertThat(bob.header("Idempotent-Replayed")).isNull();
            assertThat(aliceAgain.body()).isEqualTo(alice.body());
            assertThat(aliceAgain.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(api.raw("GET", "/heroes/", null, Map.of("X-API-Key", bobKey))
                            .json())
                    .hasSize(2);
        }
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
