package dev.heroes.support;

import dev.heroes.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** An embedded PostgreSQL that keeps its port and data across a stop and a start. */
public final class RestartablePostgres {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres running;

    public RestartablePostgres() throws IOException {
        this.dataDirectory = Files.createTempDirectory("heroes-pg-restart");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    public DatabaseUrl url() {
        return DatabaseUrl.parse(
                "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres", Optional.empty(), Optional.empty());
    }

    public void start() throws IOException {
        running = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** A connection as the superuser, to change the server under the service (read-only, locks). */
    public Connection connect() throws SQLException {
        return running.getPostgresDatabase().getConnection();
    }

    public void stop() throws IOException {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
