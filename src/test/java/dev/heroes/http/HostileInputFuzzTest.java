package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.support.Backend;
import dev.heroes.support.RawHttp;
import dev.heroes.support.TestApp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated hostile requests, 10,000 a run (2,500 per database over a raw socket, 2,500 per
 * database through an HTTP client), with a fixed seed that jqwik prints on failure. Whatever is
 * sent, the service answers within 2 s, never with a 5xx (but 505 for HTTP/1.0 and 501 for a
 * transfer coding it does not know, which RFC 9112 prescribes), with a JSON {@code detail} on every
 * error, no stack trace, SQL or secret in any body; and it answers normally afterwards.
 */
class HostileInputFuzzTest {

    private static final String SEED = "20261201";
    private static final int TRIES = 2_500;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN)
            .build();

    /** Text that would show an internal leaked into a body. */
    private static final List<String> LEAKS = List.of(
            "Exception",
            "\tat ",
            "dev.heroes",
            "org.jooq",
            "helidon",
            "select ",
            "insert into",
            "SQLITE_",
            "secret_name\":");

    private static TestApp sqlite;
    private static TestApp postgres;

    @BeforeContainer
    static void start() {
        sqlite = TestApp.start(Backend.SQLITE);
        postgres = TestApp.start(Backend.POSTGRES);
    }

    @AfterContainer
    static void stop() {
        sqlite.close();
        postgres.close();
    }

    @AfterProperty
    void servesNormallyAfterwards() {
        for (TestApp app : List.of(sqlite, postgres)) {
            assertThat(app.client().get("/heroes/?limit=1").status()).isEqualTo(200);
            assertThat(app.client()
                            .post("/teams/", Map.of("name", "After the storm"))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void rawRequestsOnSqlite(@ForAll("rawRequests") RawRequest request) {
        checkRaw(sqlite, request);
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void rawRequestsOnPostgres(@ForAll("rawRequests") RawRequest request) {
        checkRaw(postgres, request);
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void clientRequestsOnSqlite(@ForAll("clientRequests") ClientRequest request) throws Exception {
        checkClient(sqlite, request);
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void clientRequestsOnPostgres(@ForAll("clientRequests") ClientRequest request) throws Exception {
        checkClient(postgres, request);
    }

    private static void checkRaw(TestApp app, RawRequest request) {
        RawHttp.Response response =
                new RawHttp(app.client().base().getPort(), ANSWER_WITHIN).send(request.bytes(), request.halfClose());
        checkAnswer(
                request.toString(),
                response.status(),
                response.header("Content-Type"),
                response.body(),
                request.allowed5xx());
    }

    private static void checkClient(TestApp app, ClientRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(app.client().base() + request.target()))
                .timeout(ANSWER_WITHIN)
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        checkAnswer(
                request.toString(),
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body(),
                0);
    }

    private static void checkAnswer(String request, int status, String contentType, String body, int allowed5xx) {
        Statistics.collect(status);
        if (status >= 500) {
            assertThat(status).as("%s answered %d %s", request, status, body).isEqualTo(allowed5xx);
        }
        if (status >= 400) {
            assertThat(contentType).as("%s: %d %s", request, status, body).isEqualTo("application/json");
            JsonNode json;
            try {
                json = MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError(request + ": not JSON: " + body, e);
            }
            assertThat(json.has("detail")).as("%s: %s", request, body).isTrue();
        }
        // A 422 echoes what was sent (its secret_name too, as FastAPI does); documentation names the key.
        boolean echoes = status == 422
                || request.contains("/openapi.json")
                || request.contains("/docs")
                || request.contains("/redoc");
        if (!echoes) {
            for (String leak : LEAKS) {
                assertThat(body).as("%s: %s", request, body).doesNotContainIgnoringCase(leak);
            }
        }
    }

    // ---- raw requests: bytes no HTTP client would send

    /** A request as bytes; {@code allowed5xx} is the one 5xx it may get (505, 501), else 0. */
    record RawRequest(String description, byte[] bytes, boolean halfClose, int allowed5xx) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Provide
    Arbitrary<RawRequest> rawRequests() {
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just("HTTP/1.1")),
                Tuple.of(1, Arbitraries.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "http/1.1", "HTTP/1.1 x", "")));
        Arbitrary<List<String>> headers = header().list().ofMaxSize(3);
        Arbitrary<Framing> framing = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Framing.LENGTH)), Tuple.of(4, Arbitraries.of(Framing.class)));
        return Combinators.combine(
                        route(rawPath(), rawQuery()),
                        version,
                        headers,
                        framing,
                        body(),
                        Arbitraries.frequencyOf(
                                Tuple.of(20, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))))
                .as((route, version1, headers1, framing1, body1, withHost) ->
                        raw(route.get1(), route.get2(), version1, headers1, framing1, body1, withHost));
    }

    /**
     * A method and a target, mostly the API's own routes with hostile ids and queries (so that the
     * request reaches validation and the database), sometimes anything.
     */
    private static Arbitrary<Tuple.Tuple2<String, String>> route(Arbitrary<String> id, Arbitrary<String> query) {
        Arbitrary<String> collection = Arbitraries.of("/heroes/", "/teams/", "/heroes", "/teams");
        Arbitrary<String> item = Combinators.combine(Arbitraries.of("/heroes/", "/teams/"), id, Arbitraries.of("", "/"))
                .as((prefix, i, slash) -> prefix + i + slash);
        Arbitrary<String> listing = Combinators.combine(collection, query).as((p, q) -> q.isEmpty() ? p : p + "?" + q);
        Arbitrary<String> anyMethod = Arbitraries.oneOf(
                Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "TRACE", "CONNECT", "get"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> anyTarget = Arbitraries.oneOf(
                Arbitraries.of(
                        "/",
                        "/nowhere",
                        "//heroes//",
                        "/heroes/../teams",
                        "*",
                        "http://fuzz/heroes/",
                        "/openapi.json",
                        "/heroes/1/2"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40).map(t -> "/" + t));
        return Arbitraries.frequencyOf(
                Tuple.of(5, listing.map(t -> Tuple.of("GET", t))),
                Tuple.of(5, collection.map(t -> Tuple.of("POST", t))),
                Tuple.of(3, item.map(t -> Tuple.of("GET", t))),
                Tuple.of(5, item.map(t -> Tuple.of("PATCH", t))),
                Tuple.of(2, item.map(t -> Tuple.of("DELETE", t))),
                Tuple.of(
                        1,
                        Combinators.combine(anyMethod, Arbitraries.oneOf(anyTarget, listing, item))
                                .as(Tuple::of)));
    }

    /** How the body is framed: what RFC 9112 allows and what it does not. */
    enum Framing {
        NONE,
        LENGTH,
        LENGTH_TOO_LONG_THEN_HALF_CLOSE,
        LENGTH_TOO_SHORT,
        CHUNKED,
        CHUNKED_WITH_EXTENSION,
        CHUNKED_WITH_TRAILER,
        CHUNKED_BAD_SIZE,
        CHUNKED_TRUNCATED_THEN_HALF_CLOSE,
        UNKNOWN_TRANSFER_CODING
    }

    private static RawRequest raw(
            String method,
            String target,
            String version,
            List<String> headers,
            Framing framing,
            byte[] body,
            boolean withHost) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(' ')
                .append(version)
                .append("\r\n");
        if (withHost) {
            head.append("Host: fuzz\r\n");
        }
        headers.forEach(h -> head.append(h).append("\r\n"));
        int size = body.length;
        String hex = Integer.toHexString(size);
        boolean halfClose = false;
        byte[] tail = new byte[0];
        switch (framing) {
            case NONE -> {}
            case LENGTH -> head.append("Content-Length: ").append(size).append("\r\n");
            case LENGTH_TOO_LONG_THEN_HALF_CLOSE -> {
                head.append("Content-Length: ").append(size + 10).append("\r\n");
                halfClose = true;
            }
            case LENGTH_TOO_SHORT ->
                head.append("Content-Length: ").append(size / 2).append("\r\n");
            case CHUNKED,
                    CHUNKED_WITH_EXTENSION,
                    CHUNKED_WITH_TRAILER,
                    CHUNKED_BAD_SIZE,
                    CHUNKED_TRUNCATED_THEN_HALF_CLOSE,
                    UNKNOWN_TRANSFER_CODING -> {
                head.append("Transfer-Encoding: ")
                        .append(framing == Framing.UNKNOWN_TRANSFER_CODING ? "gzip, chunked" : "chunked")
                        .append("\r\n");
                String sizeLine = switch (framing) {
                    case CHUNKED_WITH_EXTENSION -> hex + ";ext=1;flag";
                    case CHUNKED_BAD_SIZE ->
                        List.of("zz", "-1", "ffffffffffffffff", "ffffffff", " ", "1 2")
                                .get(size % 6);
                    default -> hex;
                };
                String end = switch (framing) {
                    case CHUNKED_WITH_TRAILER -> "\r\n0\r\nX-Trailer: 1\r\n\r\n";
                    case CHUNKED_TRUNCATED_THEN_HALF_CLOSE -> "";
                    default -> "\r\n0\r\n\r\n";
                };
                halfClose = framing == Framing.CHUNKED_TRUNCATED_THEN_HALF_CLOSE;
                tail = end.getBytes(StandardCharsets.US_ASCII);
                head.append("\r\n").append(size == 0 ? "" : sizeLine + "\r\n");
                out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
                out.writeBytes(body);
                out.writeBytes(size == 0 ? "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : tail);
                return new RawRequest(
                        describe(method, target, version, headers, framing, body),
                        out.toByteArray(),
                        halfClose,
                        allowed5xx(version, framing));
            }
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (framing != Framing.NONE) {
            out.writeBytes(body);
        }
        out.writeBytes(tail);
        return new RawRequest(
                describe(method, target, version, headers, framing, body),
                out.toByteArray(),
                halfClose,
                allowed5xx(version, framing));
    }

    private static int allowed5xx(String version, Framing framing) {
        if (version.equals("HTTP/1.0")) {
            return 505;
        }
        return framing == Framing.UNKNOWN_TRANSFER_CODING ? 501 : 0;
    }

    private static String describe(
            String method, String target, String version, List<String> headers, Framing framing, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return method + " " + (target.length() > 200 ? target.substring(0, 200) + "..." : target) + " " + version
                + " "
                + headers.stream()
                        .map(h -> h.length() > 80 ? h.substring(0, 80) + "..." : h)
                        .toList()
                + " " + framing + " " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    /** A path id as bytes on the wire: numbers, broken escapes, raw punctuation, bytes beyond ASCII. */
    private static Arbitrary<String> rawPath() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-3, 60).map(String::valueOf)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "0",
                                "-1",
                                "9223372036854775808",
                                "1e3",
                                "1.0",
                                "%ZZ",
                                "%",
                                "%2",
                                "%00",
                                "{}",
                                "[]",
                                "..",
                                "%2F",
                                "+1",
                                "%201",
                                "1_000",
                                "\u00e9",
                                "%C3%A9",
                                "1%zz")),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(1)
                                .ofMaxLength(20)
                                .filter(t -> !t.contains("/") && !t.contains("?") && !t.contains("#"))));
    }

    private static Arbitrary<String> rawQuery() {
        Arbitrary<String> name = Arbitraries.of(
                "offset",
                "limit",
                "after_id",
                "name",
                "team_id",
                "min_age",
                "max_age",
                "include",
                "",
                "x",
                "limit[]",
                "%zz");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(
                        "",
                        "%zz",
                        "%",
                        "%2",
                        "%C3%A9",
                        "%FF",
                        "+",
                        "{}",
                        "[]",
                        "team",
                        "heroes",
                        "null",
                        "99999999999999999999999",
                        "-1",
                        "1.5",
                        "%00",
                        "%0A",
                        "a=b",
                        "\u00e9",
                        "😀"),
                Arbitraries.strings()
                        .withCharRange('!', '~')
                        .ofMaxLength(30)
                        .filter(s -> !s.contains("#") && !s.contains("&")));
        Arbitrary<String> pair =
                Arbitraries.oneOf(name, Combinators.combine(name, value).as((n, v) -> n + "=" + v));
        return Arbitraries.frequencyOf(
                Tuple.of(40, pair.list().ofMaxSize(5).map(pairs -> String.join("&", pairs))),
                Tuple.of(1, Arbitraries.just("name=" + "a".repeat(9_000))));
    }

    private static Arbitrary<String> header() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        20,
                        Arbitraries.of(
                                "Content-Type: application/json",
                                "Content-Type: text/plain",
                                "Content-Type: application/x-www-form-urlencoded",
                                "Content-Type: application/merge-patch+json",
                                "Content-Type: ;;;",
                                "Content-Type: application/json; charset=latin-1",
                                "Connection: close",
                                "Expect: 100-continue",
                                "If-Match: \"1\"",
                                "If-Match: *",
                                "If-Match: garbage",
                                "If-Match: W/\"1\"",
                                "Idempotency-Key: k",
                                "Idempotency-Key: ",
                                "Content-Encoding: gzip",
                                "Content-Length: abc",
                                "X-Ctl: a\u0001b",
                                "Bad Header: 1",
                                ": empty",
                                "NoColon",
                                "Upgrade: h2c",
                                "Host: second")),
                Tuple.of(
                        4,
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMaxLength(300)
                                .map(k -> "Idempotency-Key: " + k)),
                Tuple.of(
                        4,
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .ofMaxLength(60)
                                .map(v -> "X-Random: " + v)),
                Tuple.of(1, Arbitraries.just("X-Huge: " + "a".repeat(17_000))));
    }

    private static Arbitrary<byte[]> body() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, jsonText().map(t -> t.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                Tuple.of(1, Arbitraries.just(new byte[0])));
    }

    /** JSON and near-JSON: the model's fields with values of every type, deep nesting, odd numbers. */
    static Arbitrary<String> jsonText() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(
                        "1e400",
                        "-1e400",
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "1.5",
                        "42.0",
                        "0.0000001",
                        "99999999999999999999999999",
                        "-0",
                        "true",
                        "false",
                        "null",
                        "\"\"",
                        "\"42\"",
                        "\"\\u0000\"",
                        "\"\\ud800\"",
                        "1" + "0".repeat(1_200),
                        "01",
                        "1.",
                        ".5",
                        "+1",
                        "'x'",
                        "undefined"),
                Arbitraries.strings().ofMaxLength(40).map(HostileInputFuzzTest::quoted));
        Arbitrary<String> value = Arbitraries.recursive(() -> scalar, HostileInputFuzzTest::nested, 0, 4);
        Arbitrary<String> name =
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(HostileInputFuzzTest::quoted), value);
        Arbitrary<String> age =
                Arbitraries.oneOf(Arbitraries.integers().between(-5, 200).map(String::valueOf), scalar);
        Arbitrary<String> teamId =
                Arbitraries.oneOf(Arbitraries.integers().between(-2, 40).map(String::valueOf), scalar);
        // The model's fields, each present or not, each plausible or hostile, plus keys it ignores.
        Arbitrary<String> object = Combinators.combine(
                        optional("name", name),
                        optional("secret_name", name),
                        optional("age", age),
                        optional("team_id", teamId),
                        optional("id", scalar),
                        optional("extra", value))
                .as((a, b, c, d, e, f) -> "{"
                        + String.join(
                                ",",
                                java.util.stream.Stream.of(a, b, c, d, e, f)
                                        .filter(m -> !m.isEmpty())
                                        .toList())
                        + "}");
        Arbitrary<String> deep =
                Arbitraries.integers().between(60, 1_100).map(depth -> "[".repeat(depth) + "]".repeat(depth));
        Arbitrary<String> broken = Arbitraries.of(
                "{",
                "{\"name\":",
                "{\"name\":\"x\"",
                "{} {}",
                "[1,]",
                "{'a':1}",
                "{\"a\":1,}",
                "\"unterminated",
                "{\"name\":\"x\",\"secret_name\":\"s\"}garbage");
        return Arbitraries.frequencyOf(
                Tuple.of(12, object), Tuple.of(2, value), Tuple.of(1, deep), Tuple.of(2, broken));
    }

    private static Arbitrary<String> optional(String field, Arbitrary<String> value) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, value.map(v -> "\"" + field + "\":" + v)), Tuple.of(1, Arbitraries.just("")));
    }

    private static Arbitrary<String> nested(Arbitrary<String> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]"),
                inner.list().ofMaxSize(3).map(items -> {
                    StringBuilder object = new StringBuilder("{");
                    for (int i = 0; i < items.size(); i++) {
                        object.append(i == 0 ? "" : ",")
                                .append("\"k")
                                .append(i)
                                .append("\":")
                                .append(items.get(i));
                    }
                    return object.append('}').toString();
                }));
    }

    private static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- requests through an HTTP client: well-formed HTTP, hostile content

    record ClientRequest(String method, String target, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + target + " " + headers + " "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    @Provide
    Arbitrary<ClientRequest> clientRequests() {
        Arbitrary<String> id = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-3, 60).map(String::valueOf)),
                Tuple.of(
                        1,
                        Arbitraries.strings().ofMaxLength(12).map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of("99999999999999999999", "%25ZZ", "1.0", "%20", "%2F")));
        Arbitrary<String> value =
                Arbitraries.strings().ofMaxLength(20).map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8));
        Arbitrary<String> pair = Combinators.combine(
                        Arbitraries.of(
                                "offset", "limit", "after_id", "name", "team_id", "min_age", "max_age", "include"),
                        Arbitraries.oneOf(
                                value,
                                Arbitraries.integers().between(-3, 120).map(String::valueOf),
                                Arbitraries.of("team", "heroes", "", "1e3")))
                .as((n, v) -> n + "=" + v);
        Arbitrary<String> query = pair.list().ofMaxSize(4).map(q -> String.join("&", q));
        Arbitrary<Tuple.Tuple2<String, String>> route =
                route(id, query).filter(r -> isClientSendable(r.get1(), r.get2()));
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                        Arbitraries.of("Content-Type", "If-Match", "Idempotency-Key", "Accept"),
                        Arbitraries.oneOf(
                                Arbitraries.of("application/json", "text/plain", "\"1\"", "*", "W/\"2\"", "x"),
                                Arbitraries.strings()
                                        .withCharRange(' ', '~')
                                        .ofMaxLength(300)
                                        .map(String::strip)
                                        .filter(s -> !s.isEmpty())))
                .ofMaxSize(3);
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                jsonText().map(s -> s.getBytes(StandardCharsets.UTF_8)), Arbitraries.just((byte[]) null));
        return Combinators.combine(route, headers, body).as((r, h, b) -> new ClientRequest(r.get1(), r.get2(), h, b));
    }

    /** What java.net.http takes: a URI it accepts, a method that is a token. */
    private static boolean isClientSendable(String method, String target) {
        if (!method.matches("[A-Z]+") || method.equals("CONNECT") || !target.startsWith("/")) {
            return false;
        }
        try {
            URI.create("http://127.0.0.1" + target);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
