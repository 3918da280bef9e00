package dev.heroes.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AuthSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.TestServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and scopes as a client of the API meets them. */
class AuthenticationTest {

    private static final String HERO = """
            {"name":"Deadpond","secret_name":"Dive Wilson"}""";
    private static final String ALL = "heroes:read heroes:write teams:read teams:write";

    @TempDir
    Path dir;

    /** The service on SQLite with authentication from {@code env}; closed with it. */
    private record Served(Database database, TestServer server, ApiClient api) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            database.close();
        }
    }

    private static Served serve(Backend backend, Map<String, String> env) {
        AuthSettings auth = AppConfig.fromEnvironment(env).auth();
        Database database = backend.freshDatabase();
        try {
            TestServer server = TestServer.start(database, ApiSettings.DEFAULTS, auth);
            return new Served(database, server, new ApiClient(URI.create("http://127.0.0.1:" + server.port())));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Served serve(Map<String, String> env) {
        return serve(Backend.SQLITE, env);
    }

    private static Map<String, String> jwtWithKey(Path pem) {
        return Map.of(
                "AUTH_JWT_PUBLIC_KEY_FILE",
                pem.toString(),
                "AUTH_JWT_ISSUER",
                Tokens.ISSUER,
                "AUTH_JWT_AUDIENCE",
                Tokens.AUDIENCE);
    }

    private static ApiResponse send(ApiClient api, String method, String path, String body, String... headers) {
        Map<String, String> sent = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            sent.put(headers[i], headers[i + 1]);
        }
        if (body != null) {
            sent.put("Content-Type", "application/json");
        }
        return api.raw(method, path, body, sent);
    }

    private static ApiResponse withToken(ApiClient api, String method, String path, String body, String token) {
        return send(api, method, path, body, "Authorization", "Bearer " + token);
    }

    private static void assertNotAuthenticated(ApiResponse response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    private static void assertInvalid(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Could not validate credentials\"}");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    }

    private static void assertForbidden(ApiResponse response, String scope) {
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Not enough permissions\"}");
        assertThat(response.header("WWW-Authenticate"))
                .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
    }

    @Test
    void anRs256TokenFromAPemKeyReadsAndWritesAsItsScopesAllow() {
        RSAKey key = Tokens.rsaKey("rsa-1");
        try (Served app = serve(jwtWithKey(Tokens.pem(dir, rsaPublic(key))))) {
            String reader = Tokens.sign(
                    key,
                    Tokens.claims("reader", "openid heroes:read teams:read").build());
            String writer = Tokens.sign(key, Tokens.claims("writer", ALL).build());

            assertThat(withToken(app.api(), "GET", "/heroes/", null, reader).body())
                    .isEqualTo("[]");
            assertForbidden(withToken(app.api(), "POST", "/heroes/", HERO, reader), "heroes:write");
            assertThat(withToken(app.api(), "GET", "/heroes/", null, reader).body())
                    .as("the refused write changed nothing")
                    .isEqualTo("[]");

            ApiResponse created = withToken(app.api(), "POST", "/heroes/", HERO, writer);
            assertThat(created.status()).isEqualTo(200);
            long id = created.json().get("id").asLong();
            assertForbidden(withToken(app.api(), "DELETE", "/heroes/" + id, null, reader), "heroes:write");
            assertForbidden(withToken(app.api(), "PATCH", "/heroes/" + id, "{\"age\":3}", reader), "heroes:write");
            assertThat(withToken(app.api(), "PATCH", "/heroes/" + id, "{\"age\":3}", writer)
                            .status())
                    .isEqualTo(200);
            assertThat(withToken(app.api(), "DELETE", "/heroes/" + id, null, writer)
                            .status())
                    .isEqualTo(200);

            // Scopes are per resource: heroes:write does not write teams.
            String heroesOnly = Tokens.sign(
                    key,
                    Tokens.claims("heroes-only", "heroes:read heroes:write").build());
            assertForbidden(withToken(app.api(), "GET", "/teams/", null, heroesOnly), "teams:read");
            assertForbidden(withToken(app.api(), "POST", "/teams/", "{\"name\":\"x\"}", heroesOnly), "teams:write");
            // scp as a list, as some identity providers send it
            String scp = Tokens.sign(
                    key,
                    Tokens.claims("scp", null)
                            .claim("scp", java.util.List.of("teams:read"))
                            .build());
            assertThat(withToken(app.api(), "GET", "/teams/", null, scp).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aRequestWithoutCredentialsIsNotAuthenticatedAndTheDocsStayOpen() {
        RSAKey key = Tokens.rsaKey("rsa-1");
        try (Served app = serve(jwtWithKey(Tokens.pem(dir, rsaPublic(key))))) {
            assertNotAuthenticated(app.api().get("/heroes/"));
            assertNotAuthenticated(app.api().get("/heroes/1"));
            assertNotAuthenticated(send(app.api(), "POST", "/heroes/", HERO));
            assertNotAuthenticated(send(app.api(), "POST", "/teams/", "{\"name\":\"x\"}"));
            assertNotAuthenticated(app.api().delete("/teams/1"));

            assertThat(app.api().get("/openapi.json").status()).isEqualTo(200);
            assertThat(app.api().get("/docs").status()).isEqualTo(200);
            assertThat(app.api().get("/nowhere").status()).isEqualTo(404);
        }
    }

    @Test
    void tokensThatProveNothingAreRefusedAlike() throws Exception {
        RSAKey key = Tokens.rsaKey("rsa-1");
        RSAKey stranger = Tokens.rsaKey("rsa-1");
        try (Served app = serve(jwtWithKey(Tokens.pem(dir, rsaPublic(key))))) {
            Instant now = Instant.now();
            JWTClaimsSet expired = Tokens.claims("alice", ALL)
                    .expirationTime(Date.from(now.minus(Duration.ofMinutes(2))))
                    .build();
            JWTClaimsSet notYet = Tokens.claims("alice", ALL)
                    .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(2))))
                    .build();
            JWTClaimsSet otherIssuer =
                    Tokens.claims("alice", ALL).issuer("https://evil.test/").build();
            JWTClaimsSet otherAudience =
                    Tokens.claims("alice", ALL).audience("another-api").build();
            JWTClaimsSet noExpiry =
                    Tokens.claims("alice", ALL).expirationTime(null).build();
            JWTClaimsSet noSubject = Tokens.claims(null, ALL).build();
            String good = Tokens.sign(key, Tokens.claims("alice", ALL).build());
            String[] parts = good.split("\\.");
            String unsigned = Base64URL.encode("{\"alg\":\"none\"}").toString() + "." + parts[1] + ".";
            // Algorithm confusion: HS256 "signed" with the public key's bytes, as if they were a secret.
            String confused = Tokens.signHs256(
                    rsaPublic(key).getEncoded(), Tokens.claims("alice", ALL).build());
            String tampered = parts[0] + "." + Base64URL.encode("{\"sub\":\"mallory\",\"scope\":\"heroes:write\"}")
                    + "." + parts[2];

            for (String token : new String[] {
                Tokens.sign(key, expired),
                Tokens.sign(key, notYet),
                Tokens.sign(key, otherIssuer),
                Tokens.sign(key, otherAudience),
                Tokens.sign(key, noExpiry),
                Tokens.sign(key, noSubject),
                Tokens.sign(stranger, Tokens.claims("alice", ALL).build()),
                Tokens.sign(key, Tokens.claims("alice", ALL).build(), h -> h.type(new JOSEObjectType("JOSE+JSON"))),
                unsigned,
                confused,
                tampered,
                "not-a-jwt",
                "a.b.c",
                "x".repeat(6_000),
            }) {
                assertInvalid(withToken(app.api(), "GET", "/heroes/", null, token));
            }
            for (String header :
                    new String[] {"Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer  ", "Bearer a b", "Token x"}) {
                assertInvalid(send(app.api(), "GET", "/heroes/", null, "Authorization", header));
            }
            // within the clock skew (30 s), a token just expired still passes
            JWTClaimsSet justExpired = Tokens.claims("alice", ALL)
                    .expirationTime(Date.from(now.minus(Duration.ofSeconds(5))))
                    .build();
            assertThat(withToken(app.api(), "GET", "/heroes/", null, Tokens.sign(key, justExpired))
                            .status())
                    .isEqualTo(200);
            assertThat(withToken(app.api(), "GET", "/heroes/", null, good).status())
                    .isEqualTo(200);
            assertThat(send(app.api(), "GET", "/heroes/", null, "Authorization", "bearer   " + good)
                            .status())
                    .as("the scheme is case-insensitive (RFC 7235)")
                    .isEqualTo(200);
        }
    }

    @Test
    void anEs256KeyFromAJwksIsRotatedWithoutRestartAndSurvivesTheJwksGoingDown() throws Exception {
        ECKey first = Tokens.ecKey("ec-1");
        ECKey second = Tokens.ecKey("ec-2");
        AtomicReference<String> served = new AtomicReference<>(new JWKSet(first.toPublicJWK()).toString());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            String body = served.get();
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 503 : 200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        jwks.start();
        String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
        try (Served app = serve(Map.of("AUTH_JWT_JWKS_URL", url, "AUTH_JWT_AUDIENCE", Tokens.AUDIENCE))) {
            String before = Tokens.sign(first, Tokens.claims("alice", ALL).build());
            assertThat(withToken(app.api(), "GET", "/heroes/", null, before).status())
                    .isEqualTo(200);
            assertThat(fetches.get()).isEqualTo(1);

            // The identity provider rotates to a new key: its tokens are honoured once the set is
            // fetched again, which a kid not seen before triggers (rate-limited), with no restart.
            served.set(new JWKSet(java.util.List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
            String after = Tokens.sign(second, Tokens.claims("bob", ALL).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            int status;
            do {
                status = withToken(app.api(), "GET", "/heroes/", null, after).status();
                if (status != 200) {
                    Thread.sleep(500);
                }
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);

            // The JWKS URL goes down: the keys already fetched keep serving new tokens.
            served.set(null);
            String during = Tokens.sign(second, Tokens.claims("carol", ALL).build());
            assertThat(withToken(app.api(), "GET", "/heroes/", null, during).status())
                    .isEqualTo(200);
            // A token of a key it never knew is still refused, outage or not.
            assertInvalid(withToken(
                    app.api(),
                    "GET",
                    "/heroes/",
                    null,
                    Tokens.sign(Tokens.ecKey("ec-3"), Tokens.claims("eve", ALL).build())));
        } finally {
            jwks.stop(0);
        }
    }

    @Test
    void anHs256SecretFileSignsTokensAndMustBeLongEnough() throws Exception {
        byte[] secret = "a shared secret of forty bytes, no less!".getBytes(StandardCharsets.US_ASCII);
        Path file =
                Files.write(dir.resolve("secret"), (new String(secret, StandardCharsets.US_ASCII) + "\n").getBytes());
        try (Served app = serve(Map.of("AUTH_JWT_HS256_SECRET_FILE", file.toString()))) {
            assertThat(withToken(
                                    app.api(),
                                    "GET",
                                    "/heroes/",
                                    null,
                                    Tokens.signHs256(
                                            secret, Tokens.claims("svc", ALL).build()))
                            .status())
                    .isEqualTo(200);
            assertInvalid(withToken(
                    app.api(),
                    "GET",
                    "/heroes/",
                    null,
                    Tokens.sign(Tokens.rsaKey("r"), Tokens.claims("svc", ALL).build())));
        }
        Path shortSecret = Files.writeString(dir.resolve("short"), "only 16 bytes!!!");
        assertThatThrownBy(() -> serve(Map.of("AUTH_JWT_HS256_SECRET_FILE", shortSecret.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining("only 16");
    }

    @Test
    void apiKeysAreKnownByTheirHashAndCarryTheirScopes() throws Exception {
        String readerKey = "k-reader-0123456789abcdef0123456789abcdef";
        String writerKey = "k-writer-0123456789abcdef0123456789abcdef";
        Path keys = Files.writeString(
                dir.resolve("keys"),
                "# id sha256 scopes\n"
                        + "dashboard " + sha256(readerKey) + " heroes:read,teams:read\n\n"
                        + "importer " + sha256(writerKey) + " " + ALL.replace(' ', ',') + "  # the nightly import\n");
        assertThat(Files.readString(keys)).doesNotContain(readerKey).doesNotContain(writerKey);
        try (Served app = serve(Map.of("AUTH_API_KEYS_FILE", keys.toString()))) {
            assertThat(send(app.api(), "GET", "/heroes/", null, "X-API-Key", readerKey)
                            .status())
                    .isEqualTo(200);
            assertForbidden(send(app.api(), "POST", "/heroes/", HERO, "X-API-Key", readerKey), "heroes:write");
            assertThat(send(app.api(), "POST", "/heroes/", HERO, "X-API-Key", writerKey)
                            .status())
                    .isEqualTo(200);
            // Bearer works too when API keys are the only credentials.
            assertThat(send(app.api(), "POST", "/teams/", "{\"name\":\"T\"}", "Authorization", "Bearer " + writerKey)
                            .status())
                    .isEqualTo(200);
            assertInvalid(send(app.api(), "GET", "/heroes/", null, "X-API-Key", readerKey + "x"));
            assertInvalid(send(app.api(), "GET", "/heroes/", null, "X-API-Key", ""));
            assertNotAuthenticated(app.api().get("/heroes/"));
        }
        Path broken = Files.writeString(dir.resolve("broken"), "dashboard not-a-hash heroes:read\n");
        assertThatThrownBy(() -> serve(Map.of("AUTH_API_KEYS_FILE", broken.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1");
        Path unknownScope = Files.writeString(dir.resolve("scope"), "d " + sha256("k") + " heroes:admin\n");
        assertThatThrownBy(() -> serve(Map.of("AUTH_API_KEYS_FILE", unknownScope.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("heroes:admin");
    }

    @Test
    void anonymousScopesMakeAPublicReadOnlyApi() throws Exception {
        String key = "k-admin-0123456789abcdef0123456789abcdef";
        Path keys = Files.writeString(dir.resolve("keys"), "admin " + sha256(key) + " " + ALL.replace(' ', ',') + "\n");
        try (Served app = serve(
                Map.of("AUTH_API_KEYS_FILE", keys.toString(), "AUTH_ANONYMOUS_SCOPES", "heroes:read, teams:read"))) {
            assertThat(app.api().get("/heroes/").status()).isEqualTo(200);
            assertThat(app.api().get("/teams/").status()).isEqualTo(200);
            assertNotAuthenticated(send(app.api(), "POST", "/heroes/", HERO));
            assertThat(send(app.api(), "POST", "/heroes/", HERO, "X-API-Key", key)
                            .status())
                    .isEqualTo(200);
            // credentials that prove nothing are refused even where anonymous requests are not
            assertInvalid(send(app.api(), "GET", "/heroes/", null, "X-API-Key", "wrong"));
        }
    }

    @Test
    void theOpenApiDocumentDeclaresTheSchemesAndWhatEachOperationNeeds() throws Exception {
        String key = "k-admin-0123456789abcdef0123456789abcdef";
        Path keys = Files.writeString(dir.resolve("keys"), "admin " + sha256(key) + " heroes:read\n");
        Path pem = Tokens.pem(dir, rsaPublic(Tokens.rsaKey("r")));
        try (Served app = serve(Map.of(
                "AUTH_JWT_PUBLIC_KEY_FILE",
                pem.toString(),
                "AUTH_API_KEYS_FILE",
                keys.toString(),
                "AUTH_ANONYMOUS_SCOPES",
                "teams:read"))) {
            com.fasterxml.jackson.databind.JsonNode spec =
                    app.api().get("/openapi.json").json();
            assertThat(spec.at("/components/securitySchemes/HTTPBearer/scheme").asText())
                    .isEqualTo("bearer");
            assertThat(spec.at("/components/securitySchemes/APIKeyHeader/name").asText())
                    .isEqualTo("X-API-Key");
            assertThat(spec.at("/paths/~1heroes~1/post/security").toString())
                    .isEqualTo("[{\"HTTPBearer\":[\"heroes:write\"]},{\"APIKeyHeader\":[\"heroes:write\"]}]");
            assertThat(spec.at("/paths/~1teams~1/get/security").toString())
                    .as("anonymous callers may list teams: no credentials is an alternative")
                    .isEqualTo("[{\"HTTPBearer\":[\"teams:read\"]},{\"APIKeyHeader\":[\"teams:read\"]},{}]");
            assertThat(spec.at(
                                    "/paths/~1heroes~1{hero_id}/delete/responses/403/content/application~1json/example/detail")
                            .asText())
                    .isEqualTo("Not enough permissions");
            assertThat(spec.at("/paths/~1heroes~1/get/responses/401").isObject())
                    .isTrue();
        }
    }

    static String sha256(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    private static java.security.interfaces.RSAPublicKey rsaPublic(RSAKey key) {
        try {
            return key.toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
