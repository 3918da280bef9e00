package dev.heroes.support;

import dev.heroes.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming hot standby of it, both embedded, as a test's own. The
 * standby is a copy of the primary's data directory taken while the primary was cleanly stopped
 * (the embedded binaries have no {@code pg_basebackup}; a clean stop's copy is a valid base backup),
 * started with {@code standby.signal} and {@code primary_conninfo}, and applies every commit
 * {@code applyDelay} after it happened ({@code recovery_min_apply_delay}), so that a read from it
 * right after a write is stale unless something waits for the replay.
 */
public final class PrimaryAndStandby implements AutoCloseable {

    private final Path root;
    private final int primaryPort;
    private final int standbyPort;
    private final EmbeddedPostgres primary;
    private EmbeddedPostgres standby;
    private final Duration applyDelay;

    private PrimaryAndStandby(Duration applyDelay) throws IOException {
        this.applyDelay = applyDelay;
        this.root = Files.createTempDirectory("heroes-pg-standby");
        this.primaryPort = freePort();
        this.standbyPort = freePort();
        Path primaryData = Files.createDirectory(root.resolve("primary"));
        // Made once and stopped cleanly (and kept): its copy is the standby's base backup.
        EmbeddedPostgres.builder()
                .setDataDirectory(primaryData)
                .setCleanDataDirectory(false)
                .setPort(primaryPort)
                .start()
                .close();
        copy(primaryData, root.resolve("standby"));
        Files.deleteIfExists(root.resolve("standby").resolve("postmaster.pid"));
        Files.writeString(root.resolve("standby").resolve("standby.signal"), "");
        // In the configuration file: the embedded launcher splits a -c value at its spaces.
        Files.writeString(
                root.resolve("standby").resolve("postgresql.auto.conf"),
                "primary_conninfo = 'host=127.0.0.1 port=%d user=postgres'\nhot_standby = on\nrecovery_min_apply_delay = '%dms'\n"
                        .formatted(primaryPort, applyDelay.toMillis()),
                StandardOpenOption.APPEND);
        this.primary = EmbeddedPostgres.builder()
                .setDataDirectory(primaryData)
                .setCleanDataDirectory(false)
                .setPort(primaryPort)
                // Commits wait for nothing, as the embedded default has it, but a standby that has
                // replayed a position has every commit before it.
                .start();
        startStandby();
    }

    /** Starts both; the standby applies commits {@code applyDelay} after they happened. */
    public static PrimaryAndStandby start(Duration applyDelay) {
        try {
            return new PrimaryAndStandby(applyDelay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the standby again after {@link #stopStandby}. */
    public void startStandby() throws IOException {
        standby = EmbeddedPostgres.builder()
                .setDataDirectory(root.resolve("standby"))
                .setCleanDataDirectory(false)
                .setPort(standbyPort)
                .start();
    }

    public void stopStandby() throws IOException {
        if (standby != null) {
            standby.close();
            standby = null;
        }
    }

    public DatabaseUrl primaryUrl() {
        return url(primaryPort);
    }

    public DatabaseUrl standbyUrl() {
        return url(standbyPort);
    }

    /** Waits until the standby has replayed everything the primary has written so far (30 s at most). */
    public void awaitReplayed() throws SQLException, InterruptedException {
        String written;
        try (Connection connection = primary.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            result.next();
            written = result.getString(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = connectToStandby();
                PreparedStatement replayed =
                        connection.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            replayed.setString(1, written);
            while (true) {
                try (ResultSet result = replayed.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the standby did not replay up to " + written + " within 30 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /** A superuser's connection to the standby, to pause or resume its replay. */
    public Connection connectToStandby() throws SQLException {
        return standby.getPostgresDatabase().getConnection();
    }

    private static DatabaseUrl url(int port) {
        return DatabaseUrl.parse(
                "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres", Optional.empty(), Optional.empty());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                // A directory too, so that it keeps the 0700 that PostgreSQL insists on.
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stopStandby();
        } finally {
            primary.close();
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
