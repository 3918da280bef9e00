package dev.heroes.support;

import dev.heroes.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public void stop() throws IOException {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
