package dev.heroes.db;

import static dev.heroes.db.schema.Tables.TEAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SQLite's write-ahead log is copied back into the database file by the background checkpointer,
 * not inside the writer's commits.
 */
class WalCheckpointerTest {

    @Test
    void committedWritesReachTheDatabaseFileWithoutTheWriterCheckpointing() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase()) {
            String path = database.read(
                    "test",
                    dsl -> dsl.fetchSingle("SELECT file FROM pragma_database_list WHERE name = 'main'")
                            .get(0, String.class));
            Path file = Path.of(path);

            for (int i = 0; i < 200; i++) {
                String name = "Checkpointed team " + i;
                database.writeStatement(
                        "test", dsl -> dsl.insertInto(TEAM).set(TEAM.NAME, name).execute());
            }

            // 200 commits log a few hundred pages, far below the writer's own threshold of
            // WRITER_BACKSTOP_PAGES: only the background checkpoint can copy them into the file.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!contains(file, "Checkpointed team 199") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(contains(file, "Checkpointed team 199"))
                    .as("the last team is in the database file")
                    .isTrue();
            int teams = database.read("test", dsl -> dsl.fetchCount(TEAM));
            assertThat(teams).isEqualTo(200);
        }
    }

    private static boolean contains(Path file, String text) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }
}
