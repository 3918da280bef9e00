package dev.heroes.db.sql;

import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The version condition of a conditional write's {@link SqlTemplate}, as a part of its shape:
 * none (any version will do), never true (an {@code If-Match} that names no version), or
 * {@code version IN (...)}, an {@link InList} of the versions it names.
 *
 * @param placeholders {@link #ANY}, 0 for a list of no versions, else how many versions the statement takes
 */
public record VersionMatch(int placeholders) {

    /** No version condition. */
    public static final int ANY = -1;

    private static final String NAME = "version";

    /** The shape for {@code versions}, null when any version will do. */
    public static VersionMatch of(Set<Long> versions) {
        if (versions == null) {
            return new VersionMatch(ANY);
        }
        return new VersionMatch(
                versions.isEmpty() ? 0 : InList.of(NAME, versions.size()).placeholders());
    }

    /** The condition on {@code version}, built with this shape's placeholders. */
    public Condition condition(Field<Long> version) {
        return switch (placeholders) {
            case ANY -> DSL.noCondition();
            case 0 -> DSL.falseCondition();
            default -> new InList(NAME, placeholders).condition(version);
        };
    }

    /** Binds {@code versions}, which this shape was made {@link #of}, into its placeholders. */
    public SqlTemplate.Values bind(SqlTemplate.Values values, Set<Long> versions) {
        return placeholders <= 0 ? values : new InList(NAME, placeholders).bind(values, versions);
    }
}
