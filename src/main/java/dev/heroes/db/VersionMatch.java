package dev.heroes.db;

import java.util.Arrays;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The version condition of a conditional write's {@link SqlTemplate}, as a part of its shape:
 * none (any version will do), never true (an {@code If-Match} that names no version), or
 * {@code version IN (:version_1, ...)} with a power of two placeholders, the request's versions
 * bound into them and the last repeated into the rest. So a list of any length takes one of a
 * few statements (at most one per power of two), never one rendered for its request.
 *
 * @param placeholders {@link #ANY}, 0 for a list of no versions, else how many versions the statement takes
 */
public record VersionMatch(int placeholders) {

    /** No version condition. */
    public static final int ANY = -1;

    /** The shape for {@code versions}, null when any version will do. */
    public static VersionMatch of(Set<Long> versions) {
        if (versions == null) {
            return new VersionMatch(ANY);
        }
        if (versions.isEmpty()) {
            return new VersionMatch(0);
        }
        int size = versions.size();
        int powerOfTwo = Integer.highestOneBit(size);
        return new VersionMatch(powerOfTwo == size ? size : powerOfTwo << 1);
    }

    /** The condition on {@code version}, built with this shape's placeholders. */
    public Condition condition(Field<Long> version) {
        if (placeholders == ANY) {
            return DSL.noCondition();
        }
        if (placeholders == 0) {
            return DSL.falseCondition();
        }
        Field<?>[] params = new Field<?>[placeholders];
        for (int i = 0; i < placeholders; i++) {
            params[i] = parameter(i).param();
        }
        @SuppressWarnings("unchecked")
        Field<Long>[] versions = (Field<Long>[]) params;
        return version.in(versions);
    }

    /** Binds {@code versions}, which this shape was made {@link #of}, into its placeholders. */
    public SqlTemplate.Values bind(SqlTemplate.Values values, Set<Long> versions) {
        if (placeholders <= 0) {
            return values;
        }
        Long[] sorted = versions.toArray(Long[]::new);
        Arrays.sort(sorted);
        for (int i = 0; i < placeholders; i++) {
            values.set(parameter(i), sorted[Math.min(i, sorted.length - 1)]);
        }
        return values;
    }

    private static SqlParameter<Long> parameter(int index) {
        return new SqlParameter<>("version_" + (index + 1), SQLDataType.BIGINT);
    }
}
