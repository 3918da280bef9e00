package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.config.AppConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as a process: its command line, its log lines and its exit on SIGTERM. */
class ProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sigtermDrainsAndExitsZeroWithEveryLogLineOneJsonObject(@TempDir Path dir) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        Process service = serveLoggingJson(dir, port, managementPort, Map.of());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(service, lines));
        try (HttpClient http = HttpClient.newHttpClient()) {
            awaitLine(lines, "serving http://127.0.0.1:" + port);
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/heroes/"))
                            .header("X-Request-Id", "process-1")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(
                                                    "http://127.0.0.1:" + managementPort + "/observe/health/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        } catch (Exception | AssertionError failure) {
            service.destroyForcibly();
            throw failure;
        }

        // SIGTERM; Process.destroy() would also close the pipe the last lines come through.
        assertThat(service.toHandle().destroy()).isTrue();
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);

        assertThat(service.exitValue()).isZero();
        List<JsonNode> parsed = jsonObjects(lines);
        assertThat(parsed)
                .allSatisfy(line -> assertThat(line.path("@timestamp").asText())
                        .as(line.toString())
                        .endsWith("Z"));
        assertThat(parsed).anySatisfy(line -> {
            assertThat(line.path("http.request.id").asText()).isEqualTo("process-1");
            assertThat(line.path("http.route").asText()).isEqualTo("/heroes");
        });
        assertThat(parsed.stream().map(line -> line.path("message").asText()))
                .anySatisfy(message -> assertThat(message).startsWith("heroes " + Main.version() + " serving"))
                .anySatisfy(message -> assertThat(message).isEqualTo("SIGTERM received"))
                .last()
                .isEqualTo("Stopped");
    }

    @Test
    void logLevelWarnKeepsWarningsAndTheAccessLogAndDropsTheRest(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process service = serveLoggingJson(dir, port, freePort(), Map.of("LOG_LEVEL", "warn"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(service, lines));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/heroes/"))
                    .header("X-Request-Id", "quiet-1")
                    .build();
            long started = System.nanoTime();
            while (true) {
                try {
                    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(200);
                    break;
                } catch (IOException notYet) {
                    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(30));
                    Thread.sleep(50);
                }
            }
            awaitLine(lines, "quiet-1");
        } finally {
            service.toHandle().destroy();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
        }

        List<JsonNode> parsed = jsonObjects(lines);
        assertThat(parsed)
                .as("the access line of the request")
                .anySatisfy(line ->
                        assertThat(line.path("http.request.id").asText()).isEqualTo("quiet-1"));
        assertThat(parsed.stream()
                        .filter(line -> line.path("http.request.method").isMissingNode())
                        .map(line -> line.path("log.level").asText() + " "
                                + line.path("message").asText()))
                .as("every other line is a warning or worse: no start-up, SIGTERM or stop lines")
                .allSatisfy(line -> assertThat(line).matches("(WARN|ERROR) .*"));
    }

    @Test
    void helpListsEveryCommandAndEveryVariableTheReadmeDocuments() throws Exception {
        Process help = start(List.of("--help"), Map.of());
        String printed = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor()).isZero();

        assertThat(printed).contains("serve", "migrate", "train", "--version");
        Set<String> documented = readmeVariables();
        assertThat(documented)
                .isEqualTo(AppConfig.VARIABLES.stream()
                        .map(AppConfig.Variable::name)
                        .collect(Collectors.toSet()));
        for (AppConfig.Variable variable : AppConfig.VARIABLES) {
            assertThat(printed)
                    .containsPattern(
                            "(?m)^  " + variable.name() + " +.+ \\[" + Pattern.quote(variable.defaultValue()) + "]$");
        }
    }

    @Test
    void versionIsTheBuildsVersion() throws Exception {
        Process version = start(List.of("--version"), Map.of());
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(version.waitFor()).isZero();
        assertThat(printed.strip()).matches("heroes \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    /** The variables in README.md's configuration table. */
    private static Set<String> readmeVariables() throws IOException {
        Matcher rows = Pattern.compile("(?m)^\\| `([A-Z0-9_]+)`(?:, `([A-Z0-9_]+)`)? \\|")
                .matcher(Files.readString(Path.of("README.md")));
        Set<String> names = new java.util.TreeSet<>();
        while (rows.find()) {
            names.add(rows.group(1));
            if (rows.group(2) != null) {
                names.add(rows.group(2));
            }
        }
        return names;
    }

    /** {@code heroes serve} on a SQLite file in {@code dir}, logging JSON, with {@code more} settings. */
    private static Process serveLoggingJson(Path dir, int port, int managementPort, Map<String, String> more)
            throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL",
                "sqlite:///" + dir.resolve("heroes.db"),
                "PORT",
                String.valueOf(port),
                "MANAGEMENT_PORT",
                String.valueOf(managementPort),
                "LOG_FORMAT",
                "json"));
        env.putAll(more);
        return start(List.of(), env);
    }

    /** Every line the process wrote, each one JSON object. */
    private static List<JsonNode> jsonObjects(List<String> lines) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                JsonNode object = JSON.readTree(line);
                assertThat(object.isObject()).as(line).isTrue();
                parsed.add(object);
            }
        }
        return parsed;
    }

    private static Process start(List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-cp",
                serviceClassPath(),
                Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The test's class path without the tests' classes, whose logging.properties keeps warnings only. */
    private static String serviceClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void readLines(Process process, List<String> lines) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static void awaitLine(List<String> lines, String containing) throws InterruptedException {
        long started = System.nanoTime();
        while (lines.stream().noneMatch(line -> line.contains(containing))) {
            assertThat(System.nanoTime() - started)
                    .as("a line with " + containing + " in " + lines)
                    .isLessThan(TimeUnit.SECONDS.toNanos(30));
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
