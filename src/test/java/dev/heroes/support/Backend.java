package dev.heroes.support;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The two databases every database-dependent test runs on, each handing out a fresh, migrated one. */
public enum Backend {
    SQLITE {
        @Override
        public DatabaseUrl freshUrl() {
            try {
                Path dir = Files.createTempDirectory("heroes-test");
                dir.toFile().deleteOnExit();
                return DatabaseUrl.parse("sqlite:///" + dir.resolve("heroes.db"), Optional.empty(), Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },

    POSTGRES {
        @Override
        public DatabaseUrl freshUrl() {
            return EmbeddedPostgresServer.instance().freshDatabase();
        }
    };

    static final PoolSettings TEST_POOL = new PoolSettings(4, Duration.ofSeconds(5), Duration.ofMinutes(30));

    /** The URL of a new, empty database that no other test uses. */
    public abstract DatabaseUrl freshUrl();

    /** A new database with every migration applied; {@code observers} see every statement. */
    public Database freshDatabase(StatementObserver... observers) {
        return migrated(Database.open(
                freshUrl(), TEST_POOL, new PrometheusRegistry(), ObservedDataSource.observing(observers)));
    }

    private static Database migrated(Database database) {
        Migrations.migrate(database);
        return database;
    }
}
