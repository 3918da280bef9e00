package dev.heroes.db.sql;

import static dev.heroes.db.schema.Tables.HERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.db.Database;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** What a template refuses to be built from, how it binds, and how If-Match lists share statements. */
class SqlTemplateTest {

    @Test
    void aValueThatIsNeitherAParameterNorInlineIsRefusedBeforeAnythingRuns() {
        SqlTemplate<?> template =
                new SqlTemplate<>(dsl -> dsl.select(HERO.ID).from(HERO).where(HERO.AGE.gt(30L)));
        // No connection: the statement is refused while it is rendered, before any is needed.
        assertThatThrownBy(() -> template.fetch(DSL.using(SQLDialect.POSTGRES), SqlTemplate.values(), row -> row))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("neither a SqlParameter nor inline");
    }

    @Test
    void aColumnOfATypeWithoutAReaderIsRefused() {
        SqlTemplate<?> template =
                new SqlTemplate<>(dsl -> dsl.select(HERO.DELETED_AT).from(HERO));
        assertThatThrownBy(() -> template.fetch(DSL.using(SQLDialect.SQLITE), SqlTemplate.values(), row -> row))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no reader");
    }

    /**
     * A hero deleted by a template keeps its {@code deleted_at} as one deleted by jOOQ's own
     * statement does, to the stored text on SQLite: rows deleted before and after templates read alike.
     */
    @OnBothDatabases
    void aTimestampBindsAsJooqBindsIt(Backend backend) {
        OffsetDateTime at = OffsetDateTime.of(2026, 12, 3, 23, 59, 1, 123_456_000, ZoneOffset.UTC);
        SqlParameter<OffsetDateTime> deletedAt = SqlParameter.like("deleted_at", HERO.DELETED_AT);
        SqlParameter<Long> id = new SqlParameter<>("id", SQLDataType.BIGINT);
        SqlTemplate<?> delete = SqlTemplate.rowCount(
                dsl -> dsl.update(HERO).set(HERO.DELETED_AT, deletedAt.param()).where(HERO.ID.eq(id.param())));
        try (Database database = backend.freshDatabase()) {
            List<String> stored = database.write("test", dsl -> {
                Long byJooq = insertHero(dsl);
                Long byTemplate = insertHero(dsl);
                dsl.update(HERO)
                        .set(HERO.DELETED_AT, at)
                        .where(HERO.ID.eq(byJooq))
                        .execute();
                assertThat(delete.execute(
                                dsl, SqlTemplate.values().set(deletedAt, at).set(id, byTemplate)))
                        .isOne();
                return dsl.select(HERO.DELETED_AT.cast(String.class))
                        .from(HERO)
                        .where(HERO.ID.in(byJooq, byTemplate))
                        .orderBy(HERO.ID)
                        .fetch(0, String.class);
            });
            assertThat(stored).hasSize(2).doesNotContainNull();
            assertThat(stored.get(1)).isEqualTo(stored.get(0));
            List<OffsetDateTime> read = database.read(
                    "test",
                    dsl -> dsl.select(HERO.DELETED_AT)
                            .from(HERO)
                            .where(HERO.DELETED_AT.isNotNull())
                            .fetch(HERO.DELETED_AT));
            assertThat(read).containsOnly(at);
        }
    }

    private static Long insertHero(DSLContext dsl) {
        return dsl.insertInto(HERO, HERO.NAME, HERO.SECRET_NAME)
                .values("Deleted", "d")
                .returningResult(HERO.ID)
                .fetchSingle(HERO.ID);
    }

    @Test
    void versionListsShareOneStatementPerPowerOfTwo() {
        assertThat(VersionMatch.of(null).placeholders()).isEqualTo(VersionMatch.ANY);
        assertThat(VersionMatch.of(Set.of()).placeholders()).isZero();
        Set<Integer> shapes = new HashSet<>();
        for (int size = 1; size <= 1000; size++) {
            int placeholders = VersionMatch.of(versions(size)).placeholders();
            assertThat(placeholders).isGreaterThanOrEqualTo(size).isLessThan(2 * size);
            assertThat(Integer.bitCount(placeholders)).isEqualTo(1);
            shapes.add(placeholders);
        }
        assertThat(shapes).hasSize(11); // 1, 2, 4, ..., 1024
    }

    private static Set<Long> versions(int size) {
        Set<Long> versions = new HashSet<>();
        LongStream.rangeClosed(1, size).forEach(versions::add);
        return versions;
    }
}
