package dev.heroes.db.sql;

import java.util.Arrays;
import java.util.Collection;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;

/**
 * {@code column IN (:name_1, ...)} in a {@link SqlTemplate}, as a part of its shape: a power of two
 * placeholders, a request's values bound into them and the last repeated into the rest, so that
 * lists of any length take one of a few statements (one per power of two), never one rendered for
 * their request.
 *
 * @param name         the placeholders' name, numbered from 1
 * @param placeholders how many values the statement takes, a power of two
 */
public record InList(String name, int placeholders) {

    public InList {
        if (placeholders < 1 || Integer.bitCount(placeholders) != 1) {
            throw new IllegalArgumentException("not a power of two: " + placeholders);
        }
    }

    /** The shape for a list of {@code size} values, at least one. */
    public static InList of(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an IN list needs a value");
        }
        int powerOfTwo = Integer.highestOneBit(size);
        return new InList(name, powerOfTwo == size ? size : powerOfTwo << 1);
    }

    /** {@code column IN (...)}, built with this shape's placeholders. */
    public Condition condition(Field<Long> column) {
        @SuppressWarnings("unchecked")
        Field<Long>[] params = new Field[placeholders];
        for (int i = 0; i < placeholders; i++) {
            params[i] = parameter(i).param();
        }
        return column.in(params);
    }

    /** Binds {@code values}, no more than this shape takes, into its placeholders, in ascending order. */
    public SqlTemplate.Values bind(SqlTemplate.Values bound, Collection<Long> values) {
        if (values.isEmpty() || values.size() > placeholders) {
            throw new IllegalArgumentException(values.size() + " values for " + placeholders + " placeholders");
        }
        Long[] sorted = values.toArray(Long[]::new);
        Arrays.sort(sorted);
        for (int i = 0; i < placeholders; i++) {
            bound.set(parameter(i), sorted[Math.min(i, sorted.length - 1)]);
        }
        return bound;
    }

    private SqlParameter<Long> parameter(int index) {
        return new SqlParameter<>(name + "_" + (index + 1), SQLDataType.BIGINT);
    }
}
