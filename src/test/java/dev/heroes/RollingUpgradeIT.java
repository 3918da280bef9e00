package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.support.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade, as {@code deploy/upgrade/check.sh} runs it: the previous release (its jar in
 * {@code heroes.previous.jar}) serves one PostgreSQL under a steady load of creates, reads, PATCHes
 * and pages while this version's {@code heroes migrate} runs; then both versions serve the database
 * at once; then the previous one is stopped and started again on the migrated schema, as a rollback
 * would. Through all of it no request may get an answer other than the one it gets from one version
 * alone, and every acknowledged write must be there at the end.
 */
class RollingUpgradeIT {

    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final int CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePreviousReleaseServesWhileThisOneMigratesAndBothServeOneDatabase(@TempDir Path tmp) throws Exception {
        Path previousJar = Path.of(System.getProperty("heroes.previous.jar", "missing"));
        assertThat(previousJar)
                .as("the previous release's jar (-Dheroes.previous.jar; deploy/upgrade/check.sh builds it)")
                .isRegularFile();
        Path currentJar = Path.of(System.getProperty("heroes.jar", "target/heroes.jar"));
        String databaseUrl = EmbeddedPostgresServer.instance().freshDatabaseUrl();
        DatabaseUrl database = DatabaseUrl.parse(databaseUrl, Optional.empty(), Optional.empty());

        Result previousMigrate = run(previousJar, "migrate", databaseUrl, tmp.resolve("previous-migrate.log"));
        assertThat(previousMigrate.exitCode()).as(previousMigrate.output()).isZero();
        String previousVersion = schemaVersion(database);

        try (Instance previous = Instance.start("previous", previousJar, databaseUrl, tmp);
                Load load = new Load(previous.port)) {
            load.runFor(Duration.ofSeconds(2));

            long started = System.nanoTime();
            Result migrate = run(currentJar, "migrate", databaseUrl, tmp.resolve("current-migrate.log"));
            long migrateMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(migrate.exitCode()).as(migrate.output()).isZero();
            String currentVersion = schemaVersion(database);
            System.out.printf(
                    "rolling upgrade: schema %s -> %s in %d ms while the previous release served (%s)%n",
                    previousVersion, currentVersion, migrateMillis, System.getProperty("heroes.previous.commit"));
            load.runFor(Duration.ofSeconds(1));

            try (Instance current = Instance.start("current", currentJar, databaseUrl, tmp)) {
                load.serveAlso(current.port);
                load.runFor(Duration.ofSeconds(3));

                // A rollback: the previous release stopped as a rollout stops it, and started again
                // on the schema this version migrated.
                load.serveOnly(current.port);
                previous.stop();
                Instance again = Instance.start("previous-again", previousJar, databaseUrl, tmp);
                try (again) {
                    load.serveAlso(again.port);
                    load.runFor(Duration.ofSeconds(3));
                    load.serveOnly(current.port);
                } finally {
                    load.stop();
                }
                assertThat(load.failures)
                        .as("answers that one version alone would not give")
                        .isEmpty();
                assertThat(load.requests.get())
                        .as("requests made during the upgrade")
                        .isGreaterThan(200);
                load.assertAcknowledgedWritesAreThere(current.port);
            }
        }
    }

    private static String schemaVersion(DatabaseUrl database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        database.jdbcUrl(),
                        database.user().orElse(null),
                        database.password().orElse(null));
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT max(version::int) FROM flyway_schema_history"
                        + " WHERE success AND version IS NOT NULL")) {
            version.next();
            return version.getString(1);
        }
    }

    /** A client load over whichever instances serve now, round robin, each answer checked. */
    private static final class Load implements AutoCloseable {

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Integer> ports = new CopyOnWriteArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Map<Long, Long> acknowledgedAges = new ConcurrentHashMap<>();
        private volatile boolean running = true;

        Load(int port) {
            ports.add(port);
            for (int i = 0; i < CLIENTS; i++) {
                clients.submit(this::client);
            }
        }

        void serveAlso(int port) {
            ports.add(port);
        }

        /**
         * Sends no more requests but to {@code port}, after a pause for those already on their way
         * to the others: a load balancer's deregistration delay.
         */
        void serveOnly(int port) throws InterruptedException {
            ports.retainAll(List.of(port));
            Thread.sleep(300);
        }

        void runFor(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }

        private void client() {
            while (running) {
                try {
                    oneRound();
                    Thread.sleep(10);
                } catch (InterruptedException stopped) {
                    return;
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        /** A create with an Idempotency-Key, a read of it elsewhere, a PATCH with If-Match, a page. */
        private void oneRound() throws Exception {
            String name = "upgrade-" + UUID.randomUUID();
            HttpResponse<String> created =
                    send("POST", "/heroes/", """
                    {"name":"%s","secret_name":"s","age":1}""".formatted(name), Map.of("Idempotency-Key", name));
            if (!expect(created, 200)) {
                return;
            }
            long id = JSON.readTree(created.body()).get("id").asLong();
            acknowledgedAges.put(id, 1L);
            HttpResponse<String> read = send("GET", "/heroes/" + id, null, Map.of());
            if (!expect(read, 200)) {
                return;
            }
            String etag = read.headers().firstValue("ETag").orElse("*");
            HttpResponse<String> patched = send("PATCH", "/heroes/" + id, "{\"age\":2}", Map.of("If-Match", etag));
            if (expect(patched, 200)) {
                acknowledgedAges.put(id, 2L);
            }
            expect(send("GET", "/heroes/?limit=5&min_age=1", null, Map.of()), 200);
        }

        private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
                throws IOException, InterruptedException {
            List<Integer> now = List.copyOf(ports);
            int port = now.get(Math.floorMod(next.getAndIncrement(), now.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            requests.incrementAndGet();
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private boolean expect(HttpResponse<String> response, int status) {
            if (response.statusCode() == status) {
                return true;
            }
            failures.add(response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
                    + response.body());
            return false;
        }

        void assertAcknowledgedWritesAreThere(int port) throws Exception {
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<Long, Long> hero : acknowledgedAges.entrySet()) {
                HttpResponse<String> read = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/heroes/" + hero.getKey()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = read.statusCode() == 200 ? JSON.readTree(read.body()) : null;
                if (body == null || body.get("age").asLong() != hero.getValue()) {
                    wrong.add(hero + " -> " + read.statusCode() + " " + read.body());
                }
            }
            assertThat(wrong).as("acknowledged writes missing or changed").isEmpty();
            assertThat(acknowledgedAges).isNotEmpty();
        }

        void stop() throws InterruptedException {
            running = false;
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (running) {
                stop();
            }
            http.close();
        }
    }

    /** One service process, on ports of its own, stopped by SIGTERM. */
    private static final class Instance implements AutoCloseable {

        final int port;
        private final Process process;
        private final Path log;

        private Instance(int port, Process process, Path log) {
            this.port = port;
            this.process = process;
            this.log = log;
        }

        static Instance start(String name, Path jar, String databaseUrl, Path tmp) throws Exception {
            int port = freePort();
            int managementPort = freePort();
            Path log = tmp.resolve(name + ".log");
            ProcessBuilder builder =
                    command(jar, "serve", databaseUrl).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
            Instance instance = new Instance(port, builder.start(), log);
            instance.awaitReady(managementPort);
            return instance;
        }

        private void awaitReady(int managementPort) throws Exception {
            long deadline = System.nanoTime() + READY_LIMIT.toNanos();
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI ready = URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready");
                while (true) {
                    try {
                        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200) {
                            return;
                        }
                    } catch (IOException notYet) {
                        // not listening yet
                    }
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError("not ready within " + READY_LIMIT + ":\n" + Files.readString(log));
                    }
                    Thread.sleep(50);
                }
            }
        }

        void stop() throws Exception {
            process.toHandle().destroy(); // SIGTERM: drain, then exit 0
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped within 30 s of SIGTERM")
                    .isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path jar, String command, String databaseUrl, Path log) throws Exception {
        Process process =
                command(jar, command, databaseUrl).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(log, output);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(jar + " " + command + " did not finish in 120 s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static ProcessBuilder command(Path jar, String command, String databaseUrl) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-jar",
                jar.toAbsolutePath().toString(),
                command);
        builder.environment().put("DATABASE_URL", databaseUrl);
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("MANAGEMENT_HOST", "127.0.0.1");
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
