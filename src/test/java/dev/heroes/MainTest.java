package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig;
import dev.heroes.db.Database;
import dev.heroes.support.EmbeddedPostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: {@code migrate} alone, and start-up refusals. */
class MainTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);

    @Test
    void migrateCreatesTheSchemaAndExits(@TempDir Path dir) {
        String url = "sqlite:///" + dir.resolve("heroes.db");

        assertThat(Main.run(List.of("migrate"), Map.of("DATABASE_URL", url), outStream, errStream))
                .isEqualTo(Main.OK);

        AppConfig config = AppConfig.fromEnvironment(Map.of("DATABASE_URL", url));
        try (Database database = Database.open(config.database(), config.pool())) {
            int heroes = database.read("test", dsl -> dsl.fetchCount(dsl.selectFrom("hero")));
            assertThat(heroes).isZero();
        }
        assertThat(Files.exists(dir.resolve("heroes.db"))).isTrue();
    }

    @Test
    void anUnusableDatabaseUrlStopsStartUpWithOneLine() {
        int status =
                Main.run(List.of(), Map.of("DATABASE_URL", "mysql://root:hunter2@db/heroes"), outStream, errStream);

        assertThat(status).isEqualTo(Main.USAGE);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("heroes: DATABASE_URL").doesNotContain("hunter2");
        assertThat(printed.strip().lines()).hasSize(1);
    }

    @Test
    void aPasswordWithABadEscapeStopsStartUpWithOneLineThatNeverShowsIt() {
        int status = Main.run(
                List.of(), Map.of("DATABASE_URL", "postgresql://heroes:Qz/Xw%zz7Kv@db/heroes"), outStream, errStream);

        assertThat(status).isEqualTo(Main.USAGE);
        String printed = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertThat(printed.strip().lines()).hasSize(1);
        assertThat(printed).startsWith("heroes: DATABASE_URL postgresql://heroes:***@db/heroes is not usable");
        for (String fragment : new String[] {"Qz/X", "Xw%z", "%zz7", "zz7K", "7Kv"}) {
            assertThat(printed).doesNotContain(fragment);
        }
    }

    @Test
    void protectedModeStopsStartUpOnAllAddressesWithoutAuthenticationInOneLine(@TempDir Path dir) {
        int status = Main.run(
                List.of(),
                Map.of("HOST", "0.0.0.0", "DATABASE_URL", "sqlite:///" + dir.resolve("heroes.db")),
                outStream,
                errStream);

        assertThat(status).isEqualTo(Main.USAGE);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed.strip().lines()).hasSize(1);
        assertThat(printed)
                .startsWith("heroes: HOST=0.0.0.0 is reachable from other machines")
                .contains("AUTH=none");
        assertThat(dir.resolve("heroes.db"))
                .as("nothing was started, nothing migrated")
                .doesNotExist();
    }

    @Test
    void aPortInUseStopsStartUpWithOneLine(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of(
                    "DATABASE_URL",
                    "sqlite:///" + dir.resolve("heroes.db"),
                    "PORT",
                    String.valueOf(taken.getLocalPort()));

            assertThat(Main.run(List.of(), env, outStream, errStream)).isEqualTo(Main.FAILED);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(Main.run(List.of("drop-everything"), Map.of(), outStream, errStream))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("usage: heroes [serve | migrate | train | --help | --version]");
    }

    @Test
    void anUnreachableDatabaseFailsTheMigration() {
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://u:p@127.0.0.1:1/heroes", "DB_POOL_TIMEOUT", "1");

        assertThat(Main.run(List.of("migrate"), env, outStream, errStream)).isEqualTo(Main.FAILED);
    }

    @Test
    void throughATransactionPoolerNothingIsMigratedAndAPendingMigrationStopsStartUp() {
        String url = EmbeddedPostgresServer.instance().freshDatabaseUrl();
        Map<String, String> pooled = Map.of("DATABASE_URL", url, "DB_POOLER", "transaction");

        assertThat(Main.run(List.of("migrate"), pooled, outStream, errStream))
                .as("migrations pending, and none run through the pooler")
                .isEqualTo(Main.FAILED);
        AppConfig config = AppConfig.fromEnvironment(Map.of("DATABASE_URL", url));
        try (Database database = Database.open(config.database(), config.pool())) {
            int heroTables = database.read(
                    "test",
                    dsl -> dsl.fetchCount(
                            dsl.select().from("information_schema.tables").where("table_name = 'hero'")));
            assertThat(heroTables).isZero();
        }

        assertThat(Main.run(List.of("migrate"), Map.of("DATABASE_URL", url), outStream, errStream))
                .as("straight to PostgreSQL")
                .isEqualTo(Main.OK);
        assertThat(Main.run(List.of("migrate"), pooled, outStream, errStream))
                .as("nothing pending")
                .isEqualTo(Main.OK);
    }
}
