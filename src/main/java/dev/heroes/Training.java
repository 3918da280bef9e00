package dev.heroes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.heroes.config.AppConfig;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Migrations;
import dev.heroes.observe.Logging;
import dev.heroes.observe.Management;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code heroes train}: one pass over every route on a throw-away SQLite file, so that a JVM run
 * with {@code -XX:AOTCacheOutput} records the classes a real start needs. The build does this once
 * and ships {@code target/heroes.aot}; {@code java -XX:AOTCache=target/heroes.aot -jar ...} then
 * starts in well under the time a cold JVM takes.
 */
final class Training {

    private static final int ROUNDS = 50;

    private Training() {}

    static void run() {
        Path dir;
        try {
            dir = Files.createTempDirectory("heroes-train");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DatabaseUrl url = DatabaseUrl.parse("sqlite:///" + dir.resolve("train.db"), Optional.empty(), Optional.empty());
        // The access log is written as in production, to nowhere: its classes are in the cache too.
        Logging.install(OutputStream.nullOutputStream(), AppConfig.LogFormat.TEXT);
        try (ObservedDatabase opened = ObservedDatabase.open(url, AppConfig.PoolSettings.DEFAULTS)) {
            Migrations.migrate(opened.database());
            try (HeroesApp app = HeroesApp.start(
                            AppConfig.ServerSettings.onFreePorts(),
                            opened.database(),
                            AppConfig.ApiSettings.DEFAULTS,
                            AppConfig.LogSettings.DEFAULTS,
                            SecuritySettings.OFF,
                            opened.observability());
                    HttpClient http = HttpClient.newHttpClient()) {
                exercise(http, URI.create("http://127.0.0.1:" + app.port()));
                URI management = URI.create("http://127.0.0.1:" + app.managementPort());
                send(http, management, "GET", Management.HEALTH_PATH + "/ready", null);
                send(http, management, "GET", Management.HEALTH_PATH + "/live", null);
                send(http, management, "GET", Management.METRICS_PATH, null);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void exercise(HttpClient http, URI base) {
        for (int i = 1; i <= ROUNDS; i++) {
            send(http, base, "POST", "/teams/", "{\"name\":\"Team " + i + "\"}");
            send(
                    http,
                    base,
                    "POST",
                    "/heroes/",
                    "{\"name\":\"Hero " + i + "\",\"secret_name\":\"s\",\"age\":" + i + ",\"team_id\":" + i + "}");
            send(http, base, "GET", "/heroes/" + i, null);
            send(http, base, "GET", "/teams/" + i, null);
            send(http, base, "GET", "/heroes/?offset=0&limit=100", null);
            send(http, base, "GET", "/heroes/?include=team&min_age=1&limit=10", null);
            send(http, base, "GET", "/teams/?include=heroes", null);
            send(http, base, "PATCH", "/heroes/" + i, "{\"age\":" + (i + 1) + "}");
            send(http, base, "PATCH", "/teams/" + i, "{\"name\":\"Renamed " + i + "\"}");
            send(http, base, "POST", "/heroes/", "{\"name\":42,\"age\":\"x\"}");
            send(http, base, "GET", "/heroes/nope", null);
            send(http, base, "GET", "/nowhere", null);
        }
        send(http, base, "DELETE", "/heroes/1", null);
        send(http, base, "DELETE", "/teams/2", null);
        everyDocumentedOperation(http, base);
    }

    /**
     * Once more, every operation that {@code /openapi.json} documents, each path parameter set to
     * 3 and each body {@code {}}: a route added to the document is trained without being listed here.
     */
    private static void everyDocumentedOperation(HttpClient http, URI base) {
        JsonNode paths;
        try {
            paths = JsonMapper.builder()
                    .build()
                    .readTree(send(http, base, "GET", "/openapi.json", null))
                    .path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String method = operation.getKey().toUpperCase(Locale.ROOT);
                    boolean hasBody = operation.getValue().has("requestBody");
                    send(http, base, method, path.getKey().replaceAll("\\{[^}]+}", "3"), hasBody ? "{}" : null);
                }));
    }

    private static String send(HttpClient http, URI base, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
