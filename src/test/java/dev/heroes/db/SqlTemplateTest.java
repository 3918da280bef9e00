package dev.heroes.db;

import static dev.heroes.db.schema.Tables.HERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** What a template refuses to be built from, and how If-Match lists share statements. */
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
