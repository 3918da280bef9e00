package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.RuntimeImage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime image as an operator meets it ({@code ./mvnw -Pjlink-image verify}): the tarball
 * unpacked into an empty folder, started by {@code bin/heroes} with no Java, and nothing else, on
 * {@code PATH}, migrates, serves, answers, and stops on SIGTERM with exit 0.
 */
class RuntimeImageIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    @Test
    void unpackedWithNoJavaOnPathItMigratesServesAndStops(@TempDir Path tmp) throws Exception {
        Path tarball = RuntimeImage.tarball();
        Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path emptyPath = Files.createDirectory(tmp.resolve("empty-path"));
        run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), unpacked, Map.of(), 60);
        Path launcher =
                unpacked.resolve(System.getProperty("heroes.image.name")).resolve("bin/heroes");
        assertThat(launcher).isExecutable();
        // Nothing on PATH: no java, no coreutils; the launcher and the runtime must need neither.
        Map<String, String> environment = Map.of("PATH", emptyPath.toString(), "HOME", work.toString());

        // AOTMode=on: the JVM refuses to start unless it can use the image's AOT cache, which was
        // trained where the image was built, so this proves the cache survives the move.
        Map<String, String> cacheRequired = new HashMap<>(environment);
        cacheRequired.put("JAVA_OPTS", "-XX:AOTMode=on");
        Result version = run(List.of(launcher.toString(), "--version"), work, cacheRequired, 60);
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("heroes ");

        Result migrate = run(List.of(launcher.toString(), "migrate"), work, environment, 60);
        assertThat(migrate.exitCode()).as(migrate.output()).isZero();
        assertThat(work.resolve("heroes.db"))
                .as("the default SQLite file, in the working directory")
                .exists();

        int port = freePort();
        int managementPort = freePort();
        Path log = tmp.resolve("service.log");
        ProcessBuilder serve = new ProcessBuilder(launcher.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        serve.environment().clear();
        serve.environment().putAll(environment);
        serve.environment().put("PORT", Integer.toString(port));
        serve.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        Process service = serve.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            long started = System.nanoTime();
            HttpResponse<String> first =
                    firstAnswer(http, URI.create("http://127.0.0.1:" + port + "/heroes/"), service, log);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("runtime image: first answer %d ms after start (%s)%n", millis, tarball.getFileName());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("[]");
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/teams/"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"name": "Preventers"}"""))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.body()).isEqualTo("""
                    {"name":"Preventers","id":1}""");
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        } finally {
            service.toHandle().destroy(); // SIGTERM
        }
        assertThat(service.waitFor(30, TimeUnit.SECONDS))
                .as("stopped within 30 s of SIGTERM")
                .isTrue();
        String output = Files.readString(log);
        assertThat(service.exitValue()).as(output).isZero();
        assertThat(output).as("no warning from the JVM").doesNotContain("[warning]", "[error]", "WARNING:");
    }

    private static HttpResponse<String> firstAnswer(HttpClient http, URI uri, Process service, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException notYet) {
                if (!service.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "no answer from the image within " + START_LIMIT + ":\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path directory, Map<String, String> environment, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        if (!environment.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
