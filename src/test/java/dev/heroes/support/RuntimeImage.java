package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runtime image's tarball ({@code ./mvnw -Pjlink-image package}) and what every test of a
 * deployment of it asks once it answers: the tarball unpacked ({@code RuntimeImageIT}), in a
 * container ({@code ContainerImageIT}) or under compose ({@code ComposeIT}).
 */
public final class RuntimeImage {

    private RuntimeImage() {}

    /** The tarball that {@code ./mvnw -Pjlink-image package} made. */
    public static Path tarball() throws IOException {
        Path dir = Path.of(System.getProperty("heroes.image.dir", "target"));
        String name = System.getProperty("heroes.image.name", "heroes");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(
                            file -> file.getFileName().toString().startsWith(name + "-")
                                    && file.getFileName().toString().endsWith(".tar.gz"))
                    .toList();
            assertThat(found)
                    .as("the image's tarball in %s (./mvnw -Pjlink-image package)", dir)
                    .hasSize(1);
            return found.getFirst();
        }
    }

    /** What a deployment being waited for can tell: whether it has gone, and its log. */
    public interface Starting {
        /** Whether it stopped before answering, so that waiting longer is pointless. */
        boolean gone() throws IOException, InterruptedException;

        /** Its log, for the failure's message. */
        String log() throws IOException, InterruptedException;
    }

    /**
     * The first answer to {@code GET /heroes/} on {@code port}, asked until one comes: a published
     * port accepts before the service listens, so a refused or reset connection means "not yet".
     * Fails with the deployment's log after {@code limit}, or once it has gone (asked every 500 ms).
     */
    public static HttpResponse<String> firstAnswer(HttpClient http, int port, Duration limit, Starting starting)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/heroes/"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + limit.toNanos();
        long nextLook = System.nanoTime();
        while (true) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                boolean look = System.nanoTime() - nextLook >= 0;
                if (look) {
                    nextLook = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
                if (System.nanoTime() - deadline > 0 || (look && starting.gone())) {
                    throw new AssertionError("no answer within " + limit + ":\n" + starting.log());
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * A deployment on an empty database that answered: it creates the contract's first hero and
     * its management listener says it is ready.
     */
    public static void createsAHeroAndIsReady(HttpClient http, int port, int managementPort)
            throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/heroes/"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"name": "Deadpond", "secret_name": "Dive Wilson"}"""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("""
                {"name":"Deadpond","age":null,"team_id":null,"id":1}""");

        HttpResponse<String> ready = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
    }
}
