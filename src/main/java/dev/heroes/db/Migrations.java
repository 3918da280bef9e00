package dev.heroes.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
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

    /** Applies every pending migration and returns the schema version reached. */
    public static String migrate(Database database) {
        MigrateResult result = Flyway.configure()
                .dataSource(database.migrationDataSource())
                .locations("classpath:db/migration/" + folder(database.dialect()))
                .failOnMissingLocations(true)
                .load()
                .migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info("Schema at version {} ({} migration(s) applied)", version, result.migrationsExecuted);
        return version;
    }
}
