package dev.heroes.support;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.AppConfig.Pooler;
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
import org.junit.jupiter.api.Assumptions;

/**
 * The databases every database-dependent test runs on, each handing out a fresh, migrated one:
 * SQLite, PostgreSQL, and PostgreSQL through PgBouncer in transaction mode ({@code DB_POOLER=transaction}).
 */
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
    },

    /**
     * PostgreSQL through PgBouncer in transaction mode: migrated straight to PostgreSQL, as
     * {@code heroes migrate} must be, then served through the pooler with {@code DB_POOLER=transaction}.
     */
    PGBOUNCER {
        @Override
        public DatabaseUrl freshUrl() {
            Assumptions.assumeTrue(
                    PgBouncerServer.available(),
                    "PgBouncer is not installed (apt-get install pgbouncer): tests through it are skipped");
            return DatabaseUrl.parse(
                    PgBouncerServer.instance()
                            .through(EmbeddedPostgresServer.instance().freshDatabaseUrl()),
                    Optional.empty(),
                    Optional.empty());
        }

        @Override
        public Database open(
                DatabaseUrl url, PoolSettings settings, PrometheusRegistry registry, StatementObserver... observers) {
            DatabaseUrl direct = DatabaseUrl.parse(
                    url.jdbcUrl()
                            .replace(
                                    ":" + PgBouncerServer.instance().port() + "/",
                                    ":" + EmbeddedPostgresServer.instance().port() + "/"),
                    url.user(),
                    url.password());
            try (Database migrating = Database.open(direct, settings)) {
                Migrations.migrate(migrating);
            }
            return Database.open(
                    url, settings.through(Pooler.TRANSACTION), registry, ObservedDataSource.observing(observers));
        }
    };

    static final PoolSettings TEST_POOL = new PoolSettings(4, Duration.ofSeconds(5), Duration.ofMinutes(30));

    /** The URL of a new, empty database that no other test uses. */
    public abstract DatabaseUrl freshUrl();

    /** A new database with every migration applied; {@code observers} see every statement. */
    public Database freshDatabase(StatementObserver... observers) {
        return open(freshUrl(), TEST_POOL, new PrometheusRegistry(), observers);
    }

    /**
     * The database at {@code url} ({@link #freshUrl}) opened with {@code settings}, as this backend
     * needs them, its meters in {@code registry}, and migrated: through PgBouncer, straight to
     * PostgreSQL, as {@code heroes migrate} must be.
     */
    public Database open(
            DatabaseUrl url, PoolSettings settings, PrometheusRegistry registry, StatementObserver... observers) {
        Database database = Database.open(url, settings, registry, ObservedDataSource.observing(observers));
        try {
            Migrations.migrate(database);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
