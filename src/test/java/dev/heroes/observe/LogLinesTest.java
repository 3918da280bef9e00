package dev.heroes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.HeroesApp;
import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AppConfig.LogFormat;
import dev.heroes.config.AppConfig.LogSettings;
import dev.heroes.config.AppConfig.ServerSettings;
import dev.heroes.config.AuthSettings;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log lines as an operator's tools read them: one per request, every line of a request with its id. */
class LogLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsOneJsonObjectAndEveryLineARequestCausesCarriesItsId() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        ApiResponse failed = withLogs(LogFormat.JSON, lines, api -> {
            api.get("/heroes/");
            return api.raw("GET", "/heroes/1", null, Map.of("X-Request-Id", "trace-42"));
        });

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.header("X-Request-Id")).isEqualTo("trace-42");
        assertThat(lines)
                .allSatisfy(line -> assertThat(line.has("@timestamp")
                                && line.has("log.level")
                                && line.has("log.logger")
                                && line.has("message")
                                && line.has("ecs.version"))
                        .isTrue());
        List<JsonNode> ofTheRequest = lines.stream()
                .filter(line -> "trace-42".equals(line.path("http.request.id").asText(null)))
                .toList();
        // the error the handler logged, then the request's access line
        assertThat(ofTheRequest).hasSize(2);
        JsonNode error = ofTheRequest.get(0);
        assertThat(error.get("log.level").asText()).isEqualTo("ERROR");
        assertThat(error.get("log.logger").asText()).isEqualTo("dev.heroes.http.ErrorResponses");
        assertThat(error.get("error.stack_trace").asText()).contains("\n\tat ");
        JsonNode access = ofTheRequest.get(1);
        assertThat(access.get("event.dataset").asText()).isEqualTo("heroes.access");
        assertThat(access.get("http.request.method").asText()).isEqualTo("GET");
        assertThat(access.get("http.route").asText()).isEqualTo("/heroes/{hero_id}");
        assertThat(access.get("http.response.status_code").asInt()).isEqualTo(500);
        assertThat(access.get("http.response.bytes").asLong()).isGreaterThan(0);
        assertThat(access.get("event.duration").asLong()).isGreaterThan(0);
        assertThat(access.get("client.ip").asText()).isEqualTo("127.0.0.1");
        assertThat(access.has("user.id")).as("no caller without authentication").isFalse();
        // the other request's access line carries its own, generated id
        assertThat(lines.stream()
                        .filter(line -> line.has("event.dataset"))
                        .map(line -> line.get("http.request.id").asText()))
                .hasSize(2)
                .anySatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"));
    }

    @Test
    void aW3cTraceparentIsContinuedIntoEveryLineTheRequestCauses() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        List<JsonNode> lines = new ArrayList<>();
        withLogs(LogFormat.JSON, lines, api -> {
            api.raw("GET", "/heroes/", null, Map.of("X-Request-Id", "untraced"));
            api.raw(
                    "GET",
                    "/heroes/",
                    null,
                    Map.of(
                            "X-Request-Id",
                            "zeros",
                            "traceparent",
                            "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
            return api.raw(
                    "GET",
                    "/heroes/1",
                    null,
                    Map.of("X-Request-Id", "traced", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        });

        List<JsonNode> traced = lines.stream()
                .filter(line -> "traced".equals(line.path("http.request.id").asText(null)))
                .toList();
        // the handler's error and the access line: both under the caller's trace, in this service's span
        assertThat(traced).hasSize(2).allSatisfy(line -> {
            assertThat(line.get("trace.id").asText()).isEqualTo(traceId);
            assertThat(line.get("span.id").asText()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
        });
        assertThat(traced.get(0).get("span.id")).isEqualTo(traced.get(1).get("span.id"));
        // no traceparent, or an invalid one: no trace (and the request answered as without one)
        assertThat(lines)
                .filteredOn(line -> line.has("event.dataset")
                        && !"traced".equals(line.path("http.request.id").asText()))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line.has("trace.id")).isFalse());
    }

    @Test
    void textLinesCarryTheTraceAfterTheRequestId() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        capture(
                LogFormat.TEXT,
                out,
                api -> api.raw(
                        "GET",
                        "/heroes/123456",
                        null,
                        Map.of(
                                "X-Request-Id",
                                "text-8",
                                "traceparent",
                                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")),
                false);

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line)
                        .contains("heroes.access: GET /heroes/{hero_id} 404")
                        .matches(
                                ".* request_id=text-8 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=[0-9a-f]{16}"));
    }

    @Test
    void textLinesNameTheRouteStatusBytesDurationAndRequestId() throws Exception {
        List<String> lines = new ArrayList<>();
        withTextLogs(lines);

        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO heroes\\.access: GET /heroes/\\{hero_id} 404"
                                                + " bytes=\\d+ duration_ms=\\d+\\.\\d{3} client=127\\.0\\.0\\.1 request_id=text-7"));
    }

    @Test
    void accessLinesNameTheCallerNeverItsCredential(@TempDir Path dir) throws Exception {
        String key = "k-dashboard-0123456789abcdef0123456789abcdef";
        Path keys = Files.writeString(
                dir.resolve("keys"),
                "dashboard "
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(key.getBytes(StandardCharsets.UTF_8)))
                        + " heroes:read\n");
        AuthSettings auth = AppConfig.fromEnvironment(Map.of("AUTH_API_KEYS_FILE", keys.toString()))
                .auth();
        for (LogFormat format : LogFormat.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            capture(
                    format,
                    out,
                    api -> {
                        api.raw("GET", "/heroes/", null, Map.of("X-API-Key", key, "X-Request-Id", "with-key"));
                        api.raw("GET", "/heroes/", null, Map.of("X-API-Key", key + "-wrong", "X-Request-Id", "bad"));
                        return api.raw("GET", "/heroes/", null, Map.of("X-Request-Id", "none"));
                    },
                    false,
                    auth);
            String log = out.toString(StandardCharsets.UTF_8);
            assertThat(log).doesNotContain(key);
            List<String> access =
                    log.lines().filter(line -> line.contains("heroes.access")).toList();
            assertThat(access).hasSize(3);
            if (format == LogFormat.TEXT) {
                assertThat(access.get(0)).contains(" 200 ").contains(" client=127.0.0.1 caller=key:dashboard ");
                assertThat(access.get(1)).contains(" 401 ").doesNotContain("caller=");
                assertThat(access.get(2)).contains(" 401 ").doesNotContain("caller=");
            } else {
                JsonNode first = JSON.readTree(access.get(0));
                assertThat(first.get("user.id").asText()).isEqualTo("dashboard");
                assertThat(first.get("client.ip").asText()).isEqualTo("127.0.0.1");
                assertThat(JSON.readTree(access.get(1)).has("user.id")).isFalse();
            }
        }
    }

    @Test
    void textLinesEscapeWhatAClientSentSoNoLineCanBeForged() {
        LogRecord record = new LogRecord(Level.INFO, "POST {0}: refused");
        record.setLoggerName("dev.heroes.http.ErrorResponses");
        record.setParameters(new Object[] {"/heroes/\r\n2026-01-01T00:00:00.000Z ERROR forged: \u001b[31mred\u0085"});
        String line = new LogFormats.Text().format(record);

        assertThat(line.lines()).hasSize(1);
        assertThat(line)
                .contains(
                        "/heroes/\\u000d\\u000a2026-01-01T00:00:00.000Z ERROR forged: \\u001b[31mred\\u0085: refused");

        LogRecord access = new LogRecord(Level.INFO, null);
        access.setLoggerName(AccessLog.LOGGER);
        access.setParameters(
                new Object[] {new AccessLog.Entry("GET\nX", "unmatched", 404, 10, 1_000, "127.0.0.1", null)});
        String accessLine = new LogFormats.Text().format(access);
        assertThat(accessLine.lines()).hasSize(1);
        assertThat(accessLine).contains(": GET\\u000aX unmatched 404 ");
    }

    @Test
    void jsonEscapingKeepsAnyMessageOnOneLine() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "a \"quoted\"\nsecond line\t\u0001 and \\ and é");
        record.setLoggerName("test");
        String line = new LogFormats.Json().format(record);

        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n");
        assertThat(JSON.readTree(line).get("message").asText())
                .isEqualTo("a \"quoted\"\nsecond line\t\u0001 and \\ and é");
        assertThat(JSON.readTree(line).get("log.level").asText()).isEqualTo("WARN");
    }

    private interface Requests {
        ApiResponse send(ApiClient api);
    }

    private static ApiResponse withLogs(LogFormat format, List<JsonNode> parsed, Requests requests) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiResponse response = capture(format, out, requests, true);
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            parsed.add(JSON.readTree(line));
        }
        return response;
    }

    private static void withTextLogs(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        capture(
                LogFormat.TEXT,
                out,
                api -> api.raw("GET", "/heroes/123456", null, Map.of("X-Request-Id", "text-7")),
                false);
        lines.addAll(out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** Runs requests against a service whose log lines go to {@code out}; the test's handlers come back after. */
    private static ApiResponse capture(
            LogFormat format, ByteArrayOutputStream out, Requests requests, boolean dropHeroTable) {
        return capture(format, out, requests, dropHeroTable, AuthSettings.NONE);
    }

    private static ApiResponse capture(
            LogFormat format, ByteArrayOutputStream out, Requests requests, boolean dropHeroTable, AuthSettings auth) {
        Logger root = LogManager.getLogManager().getLogger("");
        Handler[] before = root.getHandlers();
        Handler installed = Logging.install(out, format);
        try (Observability observability = new Observability();
                Database database = Backend.SQLITE.freshDatabase();
                HeroesApp app = HeroesApp.start(
                        ServerSettings.onFreePorts(),
                        database,
                        ApiSettings.DEFAULTS,
                        new LogSettings(format, true),
                        SecuritySettings.of(auth),
                        observability)) {
            if (dropHeroTable) {
                database.write("test", dsl -> dsl.execute("DROP TABLE hero"));
                out.reset();
            }
            ApiResponse response = requests.send(new ApiClient(URI.create("http://127.0.0.1:" + app.port())));
            installed.flush();
            return response;
        } finally {
            root.removeHandler(installed);
            installed.close();
            for (Handler handler : before) {
                root.addHandler(handler);
            }
        }
    }
}
