package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
