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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * {@code heroes train}: every route on a throw-away SQLite file, once and then under load from
 * concurrent clients, so that a JVM run with {@code -XX:AOTCacheOutput} records the classes a real
 * start needs and the method profiles of the service at work (JEP 515). The build does this once
 * and ships {@code target/heroes.aot}; {@code java -XX:AOTCache=target/heroes.aot -jar ...} then
 * starts in well under the time a cold JVM takes, and its JIT compiles the hot paths from these
 * profiles at once instead of first gathering its own under the first minute of traffic.
 */
final class Training {

    /** Rounds of the first, sequential pass: every route, its refusals too. */
    private static final int ROUNDS = 50;

    /**
     * Clients of the load that follows, each on its own connection, as a load balancer's are: the
     * profiles are those of requests served concurrently, with writes waiting for SQLite's writer.
     */
    private static final int CLIENTS = 8;

    /**
     * Rounds each client sends (a round is 12 requests, five of them writes): 48,000
     * requests, enough for the hot methods to reach the JIT's last tier while training, so that
     * their recorded profiles are a steady state's, not a warm-up's.
     */
    private static final int LOAD_ROUNDS = 500;

    private Training() {}

    /**
     * Names a file holding the URL of a PostgreSQL server's {@code postgres} database, which the
     * build's {@code TrainingPostgres} writes: training then runs on a database of its own there
     * too, after SQLite.
     */
    static final String POSTGRES_URL_FILE = "HEROES_TRAIN_POSTGRES_URL_FILE";

    /** How long training waits for {@link #POSTGRES_URL_FILE}'s file, before it goes on without it. */
    private static final Duration POSTGRES_WAIT = Duration.ofSeconds(30);

    static void run(Map<String, String> env) {
        runOnSqlite();
        Optional<DatabaseUrl> postgres = postgres(env);
        if (postgres.isPresent()) {
            System.out.println("heroes train: SQLite done; now PostgreSQL (" + postgres.get() + ")");
            try (ObservedDatabase opened = ObservedDatabase.open(postgres.get(), AppConfig.PoolSettings.DEFAULTS)) {
                Migrations.migrate(opened.database());
                train(opened);
            }
        }
    }

    private static void runOnSqlite() {
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
            train(opened);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Every route, then the load, on the database, and the management listener's routes. */
    private static void train(ObservedDatabase opened) {
        try (HeroesApp app = HeroesApp.start(
                        AppConfig.ServerSettings.onFreePorts(),
                        opened.database(),
                        AppConfig.ApiSettings.DEFAULTS,
                        AppConfig.LogSettings.DEFAULTS,
                        SecuritySettings.OFF,
                        opened.observability());
                HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + app.port());
            exercise(http, base);
            underLoad(base);
            URI management = URI.create("http://127.0.0.1:" + app.managementPort());
            send(http, management, "GET", Management.HEALTH_PATH + "/ready", null);
            send(http, management, "GET", Management.HEALTH_PATH + "/live", null);
            send(http, management, "GET", Management.METRICS_PATH, null);
        }
    }

    /**
     * A database of its own on the server that {@link #POSTGRES_URL_FILE} names, once its file is
     * there; none when the variable is not set, or the file does not come (the build's tests were
     * skipped, so no server was started): training then knows SQLite only.
     */
    private static Optional<DatabaseUrl> postgres(Map<String, String> env) {
        String file = env.get(POSTGRES_URL_FILE);
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        Path urlFile = Path.of(file);
        long deadline = System.nanoTime() + POSTGRES_WAIT.toNanos();
        try {
            while (!Files.exists(urlFile)) {
                if (System.nanoTime() > deadline) {
                    System.err.println("heroes train: no PostgreSQL URL in " + urlFile + "; training on SQLite only");
                    return Optional.empty();
                }
                Thread.sleep(100);
            }
            String server = Files.readString(urlFile).strip();
            String name = "heroes_train_" + ProcessHandle.current().pid();
            DatabaseUrl admin = DatabaseUrl.parse(server, Optional.empty(), Optional.empty());
            try (Connection connection = DriverManager.getConnection(
                            admin.jdbcUrl(),
                            admin.user().orElse(null),
                            admin.password().orElse(null));
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name);
                statement.execute("CREATE DATABASE " + name);
            }
            return Optional.of(DatabaseUrl.parse(
                    server.substring(0, server.lastIndexOf('/') + 1) + name, Optional.empty(), Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("heroes train: could not create a database on " + urlFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
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
     * {@link #CLIENTS} clients at once, each with its own HTTP client (its own connection), each
     * sending {@link #LOAD_ROUNDS} rounds of the requests a service mostly serves: reads of one row
     * and of pages, creates, patches and a delete, on rows of its own.
     */
    private static void underLoad(URI base) {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    try (HttpClient http = HttpClient.newHttpClient()) {
                        for (int round = 0; round < LOAD_ROUNDS; round++) {
                            loadRound(http, base, client, round);
                        }
                    }
                    return null;
                });
            }
        }
    }

    private static void loadRound(HttpClient http, URI base, int client, int round) {
        String team = idOf(send(http, base, "POST", "/teams/", "{\"name\":\"Load " + client + "\"}"));
        String hero = idOf(send(
                http,
                base,
                "POST",
                "/heroes/",
                "{\"name\":\"Load " + round + "\",\"secret_name\":\"s\",\"age\":" + (round % 60) + ",\"team_id\":"
                        + team + "}"));
        send(http, base, "GET", "/heroes/" + hero, null);
        send(http, base, "GET", "/heroes/" + hero, null);
        send(http, base, "GET", "/heroes/" + hero, null);
        send(http, base, "GET", "/heroes/?offset=" + round + "&limit=100", null);
        send(http, base, "GET", "/heroes/?after_id=" + round + "&limit=10&include=team", null);
        send(http, base, "GET", "/teams/" + team, null);
        send(http, base, "GET", "/teams/?limit=10&include=heroes", null);
        send(http, base, "PATCH", "/heroes/" + hero, "{\"age\":" + (round % 60 + 1) + "}");
        send(http, base, "PATCH", "/teams/" + team, "{\"name\":\"Renamed " + client + "\"}");
        send(http, base, "DELETE", "/heroes/" + hero, null);
    }

    /** The {@code "id"} of a created row's JSON, as text. */
    private static String idOf(String json) {
        int key = json.indexOf("\"id\":");
        if (key < 0) {
            throw new IllegalStateException("no id in " + json);
        }
        int start = key + 5;
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return json.substring(start, end);
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
