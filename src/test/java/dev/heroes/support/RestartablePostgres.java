package dev.heroes.support;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
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

    /** What a test does to the service and the PostgreSQL under it. */
    @FunctionalInterface
    public interface Scenario {
        void run(ApiClient api, RestartablePostgres postgres) throws Exception;
    }

    /**
     * Runs {@code scenario} against the service, with {@code pool}, on a migrated database of a
     * PostgreSQL of its own that the scenario may stop, start again or change; stopped at the end.
     */
    public static void withService(PoolSettings pool, Scenario scenario) throws Exception {
        RestartablePostgres postgres = new RestartablePostgres();
        try {
            postgres.start();
            try (Database database = Database.open(postgres.url(), pool)) {
                Migrations.migrate(database);
                try (TestServer app = TestServer.start(database)) {
                    scenario.run(new ApiClient(URI.create("http://127.0.0.1:" + app.port())), postgres);
                }
            }
        } finally {
            postgres.stop();
        }
    }

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
