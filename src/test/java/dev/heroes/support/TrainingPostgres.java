package dev.heroes.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The PostgreSQL that the build's training run ({@code heroes train}) exercises the service on,
 * beside its SQLite file, so that the AOT cache holds the profiles of the PostgreSQL driver's paths
 * too. Started by the pom (exec-maven-plugin, in the background) from the tests' classpath, where the
 * embedded binaries are: nothing to install. Writes the URL of its {@code postgres} database to the
 * file it is given, then serves until Maven ends (which stops it) or for {@link #AT_MOST}.
 */
public final class TrainingPostgres {

    /** Long enough for the jar's training and the runtime image's after it. */
    private static final Duration AT_MOST = Duration.ofMinutes(15);

    private TrainingPostgres() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path urlFile = Path.of(args[0]);
        Files.deleteIfExists(urlFile);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Path written = Files.writeString(
                    urlFile.resolveSibling(urlFile.getFileName() + ".tmp"),
                    "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres");
            Files.move(written, urlFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.deleteIfExists(urlFile);
                    postgres.close();
                } catch (IOException ignored) {
                    // the build is over; the library's temp directory goes with the JVM
                }
            }));
            Thread.sleep(AT_MOST);
            Files.deleteIfExists(urlFile);
        }
    }
}
