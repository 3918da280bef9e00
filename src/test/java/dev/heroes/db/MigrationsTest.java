package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void bothDialectsEndWithTheSameTablesColumnsAndIndexesButOne() throws SQLException {
        try (Database sqlite = Backend.SQLITE.freshDatabase();
                Database postgres = Backend.POSTGRES.freshDatabase()) {
            Map<String, TreeSet<String>> postgresSchema = schemaOf(postgres);
            // PostgreSQL's only difference: SQLite's index on team_id is (team_id, rowid), in id
            // order within a team; PostgreSQL's would not be, so a team's live heroes have an ordered
            // index of their own there instead (migration V8).
            assertThat(postgresSchema.get("hero").remove("index ix_hero_live_team_id"))
                    .isTrue();
            assertThat(postgresSchema.get("hero").add("index ix_hero_team_id")).isTrue();
            assertThat(schemaOf(sqlite)).isEqualTo(postgresSchema);
            assertThat(schemaOf(sqlite)).containsOnlyKeys("hero", "idempotency_key", "team");
            assertThat(schemaOf(sqlite).get("hero"))
                    .containsExactly(
                            "age nullable",
                            "deleted_at nullable",
                            "id",
                            "index ix_hero_live_age",
                            "index ix_hero_live_id",
                            "index ix_hero_name",
                            "index ix_hero_team_id",
                            "name",
                            "secret_name",
                            "team_id nullable",
                            "version");
            assertThat(schemaOf(sqlite).get("team"))
                    .containsExactly(
                            "deleted_at nullable",
                            "id",
                            "index ix_team_live_id",
                            "index ix_team_name",
                            "name",
                            "version");
        }
    }

    @OnBothDatabases
    void migratingTwiceChangesNothing(Backend backend) {
        try (Database database = backend.freshDatabase()) {
            assertThat(Migrations.migrate(database)).isEqualTo("8");
        }
    }

    @OnBothDatabases
    void foreignKeysAreEnforced(Backend backend) {
        try (Database database = backend.freshDatabase()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> database.write(
                            "test",
                            dsl -> dsl.execute("insert into hero (name, secret_name, team_id) values ('a', 'b', 42)"))))
                    .matches(DatabaseErrors::isForeignKeyViolation, "is a foreign key violation");
        }
    }

    /** Table name to its columns ("name" or "name nullable") and its "index ix_..." names. */
    private static Map<String, TreeSet<String>> schemaOf(Database database) throws SQLException {
        try (Connection connection = database.migrationDataSource().getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            Map<String, TreeSet<String>> tables = new TreeMap<>();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    if (!table.startsWith("flyway") && !table.startsWith("sqlite_")) {
                        tables.put(table, new TreeSet<>());
                    }
                }
            }
            for (var entry : tables.entrySet()) {
                try (ResultSet rs = meta.getColumns(null, null, entry.getKey(), "%")) {
                    while (rs.next()) {
                        boolean nullable = rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable;
                        entry.getValue().add(rs.getString("COLUMN_NAME") + (nullable ? " nullable" : ""));
                    }
                }
                try (ResultSet rs = meta.getIndexInfo(null, null, entry.getKey(), false, false)) {
                    while (rs.next()) {
                        String index = rs.getString("INDEX_NAME");
                        if (index != null && index.startsWith("ix_")) {
                            entry.getValue().add("index " + index);
                        }
                    }
                }
            }
            return tables;
        }
    }
}
