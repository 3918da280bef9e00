package dev.heroes.http;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static dev.heroes.support.Fixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.api.validation.RequestBody;
import dev.heroes.json.JsonSettings;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.RawHttp;
import dev.heroes.support.TestApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an attacker or a careless client sends, case by case: every answer is the contract's JSON,
 * none is a 500, and none changes anything it should not. The cases that reach the database run
 * on both; the transport's run on both too, since the service in front of each is built alike.
 */
class HostileInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HERO = """
            {"name":"x","secret_name":"s"}""";

    private static RawHttp raw(TestApp app) {
        return new RawHttp(app.client().base().getPort(), Duration.ofSeconds(5));
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static void assertDetail(RawHttp.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isJson()).as("JSON: %s", response.headers()).isTrue();
        assertThat(json(response.body()).get("detail").asText()).isEqualTo(detail);
    }

    private static String chunked(String path, String chunks) {
        return "POST " + path + " HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n\n"
                + chunks;
    }

    @OnBothDatabases
    void bodiesNestedDeeperThanTheLimitAreJsonInvalid(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            for (String body : List.of(
                    "[".repeat(1_000) + "]".repeat(1_000),
                    """
                            {"a":""".repeat(1_000) + "1" + "}".repeat(1_000),
                    "[".repeat(JsonSettings.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonSettings.MAX_NESTING_DEPTH + 1))) {
                ApiResponse response = app.client().raw("POST", "/heroes/", body, Map.of());

                assertThat(response.status()).isEqualTo(422);
                assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("json_invalid");
                assertThat(response.json().at("/detail/0/loc/0").asText()).isEqualTo("body");
                assertThat(response.json().at("/detail/0/loc/1").isInt()).isTrue();
                assertThat(response.json().at("/detail/0/ctx/error").asText())
                        .contains("nesting depth")
                        .doesNotContain("`")
                        .doesNotContain("StreamReadConstraints");
            }
            // At the limit the body is read, and answered as the model sees it.
            String atLimit = "[".repeat(JsonSettings.MAX_NESTING_DEPTH) + "]".repeat(JsonSettings.MAX_NESTING_DEPTH);
            ApiResponse response = app.client().raw("POST", "/heroes/", atLimit, Map.of());
            assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("model_attributes_type");
            assertThat(app.client().get("/heroes/").json()).isEmpty();
        }
    }

    @OnBothDatabases
    void numbersBeyondADoubleAreNotFiniteNumbers(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            long hero = createHero(app.client(), "Kept", 30L, null);
            Map<String, String> cases = Map.of(
                    "POST /heroes/",
                    """
                            {"name":"x","secret_name":"s","age":1e400}""",
                    "POST /heroes/ ",
                    """
                            {"name":"x","secret_name":"s","team_id":-1e400}""",
                    "PATCH /heroes/" + hero,
                    """
                            {"age":NaN}""",
                    "PATCH /heroes/" + hero + " ",
                    """
                            {"team_id":-Infinity}""");
            cases.forEach((request, body) -> {
                String[] methodAndPath = request.strip().split(" ");
                ApiResponse response = app.client().raw(methodAndPath[0], methodAndPath[1], body, Map.of());

                assertThat(response.status()).as(request).isEqualTo(422);
                assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("finite_number");
                assertThat(response.json().at("/detail/0/msg").asText()).isEqualTo("Input should be a finite number");
            });
            assertThat(idsOf(app.client().get("/heroes/").json())).containsExactly(hero);
            assertThat(app.client().get("/heroes/" + hero).json().get("age").asLong())
                    .isEqualTo(30);
        }
    }

    @OnBothDatabases
    void aQueryParameterWithoutAValueIsTheEmptyValue(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            long nameless = createHero(app.client(), "", null, null);
            createHero(app.client(), "Named", null, null);

            // ?name filters on the empty name, as Starlette reads it; the next-page link keeps it.
            ApiResponse named = app.client().get("/heroes/?name&limit=1");
            assertThat(named.status()).isEqualTo(200);
            assertThat(idsOf(named.json())).containsExactly(nameless);
            assertThat(named.header("Link"))
                    .isEqualTo("</heroes/?name=&limit=1&after_id=" + nameless + ">; rel=\"next\"");

            for (String path : List.of(
                    "/heroes/?limit",
                    "/heroes/?offset",
                    "/heroes/?team_id",
                    "/heroes/?min_age",
                    "/heroes/?max_age",
                    "/heroes/?after_id",
                    "/teams/?limit",
                    "/teams/?offset",
                    "/teams/?after_id")) {
                ApiResponse response = app.client().get(path);
                assertThat(response.status()).as(path).isEqualTo(422);
                assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("int_parsing");
                assertThat(response.json().at("/detail/0/input").asText()).isEmpty();
            }
            for (String path : List.of("/heroes/?include", "/teams/?include")) {
                ApiResponse response = app.client().get(path);
                assertThat(response.status()).as(path).isEqualTo(422);
                assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("literal_error");
            }
        }
    }

    @OnBothDatabases
    void anInvalidPercentEscapeInTheQueryIsLiteralText(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            RawHttp http = raw(app);
            for (String name : List.of("%zz", "%", "%2", "100%", "{}", "[]")) {
                long hero = createHero(app.client(), name, null, null);

                RawHttp.Response found = http.send("GET /heroes/?name=" + name + " HTTP/1.1\nHost: x\n\n");

                assertThat(found.status()).as(name).isEqualTo(200);
                assertThat(idsOf(json(found.body()))).as(name).containsExactly(hero);
            }
            // Bytes beyond ASCII must be escaped in a URL; sent raw they are no error, but name nothing
            // (Helidon reads the request line as ASCII, Starlette as Latin-1: neither finds "Élan").
            createHero(app.client(), "Élan", null, null);
            RawHttp.Response raw = http.send("GET /heroes/?name=Élan HTTP/1.1\nHost: x\n\n");
            assertThat(raw.status()).isEqualTo(200);
            assertThat(json(raw.body())).isEmpty();
            assertThat(http.send("GET /heroes/?name=%C3%89lan HTTP/1.1\nHost: x\n\n")
                            .body())
                    .contains("Élan");
        }
    }

    @OnBothDatabases
    void aPathIdThatIsNoUriEscapeIsAnIntParsingError(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            RawHttp http = raw(app);
            for (String id : List.of("%ZZ", "%", "{}", "1%zz")) {
                RawHttp.Response response = http.send("GET /heroes/" + id + " HTTP/1.1\nHost: x\n\n");

                assertThat(response.status()).as(id).isEqualTo(422);
                JsonNode error = json(response.body()).at("/detail/0");
                assertThat(error.get("type").asText()).isEqualTo("int_parsing");
                assertThat(error.get("loc").toString()).isEqualTo("""
                        ["path","hero_id"]""");
                assertThat(error.get("input").asText()).isEqualTo(id);
            }
            RawHttp.Response team = http.send("DELETE /teams/%ZZ/ HTTP/1.1\nHost: x\n\n");
            assertThat(team.status()).isEqualTo(422);
            assertThat(json(team.body()).at("/detail/0/loc").toString()).isEqualTo("""
                    ["path","team_id"]""");
            assertDetail(http.send("GET /%ZZ HTTP/1.1\nHost: x\n\n"), 404, "Not Found");
        }
    }

    @OnBothDatabases
    void chunkExtensionsAndTrailersAreAccepted(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            RawHttp http = raw(app);
            String size = Integer.toHexString(HERO.length());

            RawHttp.Response withExtension =
                    http.send(chunked("/heroes/", size + ";name=value;flag\r\n" + HERO + "\r\n0;last\r\n\r\n"));
            RawHttp.Response withTrailer = http.send(
                    chunked("/heroes/", size + "\r\n" + HERO + "\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"));

            assertThat(withExtension.status()).as(withExtension.body()).isEqualTo(200);
            assertThat(withTrailer.status()).as(withTrailer.body()).isEqualTo(200);
            assertThat(app.client().get("/heroes/").json()).hasSize(2);
        }
    }

    @OnBothDatabases
    void brokenChunkedFramingIsA400ThatClosesTheConnection(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            RawHttp http = raw(app);
            for (String size : List.of("zz", "-1", "ffffffffffffffff", "ffffffff", "")) {
                RawHttp.Response response =
                        http.send((chunked("/heroes/", "") + size + "\r\n" + HERO + "\r\n0\r\n\r\n"));

                assertDetail(response, 400, "There was an error parsing the body");
                assertThat(response.closed())
                        .as("connection closed after %s", size)
                        .isTrue();
            }
            // A body shorter than its Content-Length, then the client's half-close.
            RawHttp.Response truncated = http.send(
                    ("POST /heroes/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                                    + "\r\nContent-Length: 100\r\n\r\n" + HERO)
                            .getBytes(StandardCharsets.UTF_8),
                    true);
            assertDetail(truncated, 400, "There was an error parsing the body");
            assertThat(app.client().get("/heroes/").json()).isEmpty();
        }
    }

    /**
     * A name of any length is stored and found by the name filter, on both databases alike: a
     * B-tree index on PostgreSQL refused names over about 2,700 bytes with a 500.
     */
    @OnBothDatabases
    void namesOfAnyLengthAreStoredAndFound(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            String teamName = "T".repeat(RequestBody.MAX_BYTES - 100);
            long team = createTeam(app.client(), teamName);
            assertThat(app.client().get("/teams/" + team).json().get("name").asText())
                    .isEqualTo(teamName);

            // As long as a request line may be: 8 KiB.
            String heroName = "H".repeat(6_000);
            long hero = createHero(app.client(), heroName, null, team);
            ApiResponse found = app.client().get("/heroes/?name=" + heroName);
            assertThat(idsOf(found.json())).containsExactly(hero);
        }
    }

    @OnBothDatabases
    void transportErrorsAreAnsweredInJson(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            RawHttp http = raw(app);

            assertDetail(
                    http.send("GET /heroes/ HTTP/1.1\nHost: x\nX-A: a\u0001b\n\n"),
                    400,
                    "Bad Request: Character at position 2 of the header value is invalid for header 'X-A'");
            assertDetail(
                    http.send("GET /heroes/ HTTP/1.1\nHost: x\nX-A: " + "a".repeat(17_000) + "\n\n"),
                    431,
                    "Request Header Fields Too Large");
            assertDetail(
                    http.send("GET /heroes/?name=" + "a".repeat(9_000) + " HTTP/1.1\nHost: x\n\n"),
                    414,
                    "URI Too Long");
            for (String requestLine : List.of("GARBAGE", "GET /heroes/", "GET  HTTP/1.1", "PRI * HTTP/2.0")) {
                RawHttp.Response response = http.send(requestLine + "\nHost: x\n\n");
                assertThat(response.status()).as(requestLine).isEqualTo(400);
                assertThat(json(response.body()).get("detail").asText())
                        .as(requestLine)
                        .startsWith("Bad Request");
            }
            assertDetail(
                    http.send("GET /heroes/ HTTP/1.1\n\n"),
                    400,
                    "Bad Request: Host header must be present in the request");
            // A client that stops halfway through its headers.
            RawHttp.Response halfway =
                    http.send("GET /heroes/ HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII), true);
            assertDetail(halfway, 400, "Bad Request: the request could not be read to its end");
        }
    }

    /** Helidon 4 cannot speak HTTP/1.0; the answer says so, and what a proxy in front must do. */
    @OnBothDatabases
    void http10IsRefusedWithTheFixInTheDetail(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            RawHttp.Response response = raw(app).send("GET /heroes/ HTTP/1.0\nHost: x\n\n");

            assertDetail(response, 505, TransportErrors.HTTP_1_0_REFUSED);
            assertThat(response.body()).contains("proxy_http_version 1.1");
        }
    }
}
