package dev.heroes.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema changes from {@code db/migration/{sqlite,postgresql}}: the guide's
 * {@code alembic upgrade head}. Nothing else creates or alters tables.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    private static String folder(SQLDialect dialect) {
        return switch (dialect.family()) {
            case POSTGRES -> "postgresql";
            case SQLITE -> "sqlite";
            default -> throw new IllegalArgumentException("no migrations for " + dialect);
        };
    }

    /** How many migrations the schema lacks; reads the schema's history, takes no lock, changes nothing. */
    public static int pending(Database database) {
        return configuration(database).load().info().pending().length;
    }

    /** Applies every pending migration and returns the schema version reached. */
    public static String migrate(Database database) {
        MigrateResult result = configuration(database).load().migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info("Schema at version {} ({} migration(s) applied)", version, result.migrationsExecuted);
        return version;
    }

    private static FluentConfiguration configuration(Database database) {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(database.migrationDataSource())
                .locations("classpath:db/migration/" + folder(database.dialect()))
                .failOnMissingLocations(true);
        // Flyway's lock on PostgreSQL is held in a transaction by default, and a CREATE INDEX
        // CONCURRENTLY waits for every open transaction to end, that one too: the migration would
        // wait for itself forever (flyway/flyway#3682, #3854). A session-level lock keeps two
        // instances from migrating at once all the same.
        configuration
                .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        return configuration;
    }
}
