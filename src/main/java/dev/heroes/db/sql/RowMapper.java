package dev.heroes.db.sql;

import org.jooq.Function2;
import org.jooq.Function3;
import org.jooq.Function4;
import org.jooq.Function5;
import org.jooq.Function6;
import org.jooq.Function7;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.Record6;
import org.jooq.Record7;

/**
 * Makes a value of one row of a {@link SqlTemplate} whose built statement selects {@code R}, as
 * jOOQ's {@code Records.mapping} does for a record: {@code RowMapper.mapping(HeroPublic::new)}
 * takes the row's columns as the constructor's arguments, in order and typed.
 *
 * <p>The row is the columns' values as {@link SqlTemplate} read them, each as its field's type,
 * so the casts below hold for any {@code R} the template was built with.
 *
 * @param <R> the record type of the statement the rows come from
 * @param <T> what a row becomes
 */
@FunctionalInterface
public interface RowMapper<R extends Record, T> {

    /** @param row the row's values in the statement's column order */
    T map(Object[] row);

    /** The value of a statement of one column, as it is: a version, an id. */
    @SuppressWarnings("unchecked")
    static <T> RowMapper<Record1<T>, T> value() {
        return row -> (T) row[0];
    }

    @SuppressWarnings("unchecked")
    static <T1, T2, U> RowMapper<Record2<T1, T2>, U> mapping(Function2<? super T1, ? super T2, ? extends U> function) {
        return row -> function.apply((T1) row[0], (T2) row[1]);
    }

    @SuppressWarnings("unchecked")
    static <T1, T2, T3, U> RowMapper<Record3<T1, T2, T3>, U> mapping(
            Function3<? super T1, ? super T2, ? super T3, ? extends U> function) {
        return row -> function.apply((T1) row[0], (T2) row[1], (T3) row[2]);
    }

    @SuppressWarnings("unchecked")
    static <T1, T2, T3, T4, U> RowMapper<Record4<T1, T2, T3, T4>, U> mapping(
            Function4<? super T1, ? super T2, ? super T3, ? super T4, ? extends U> function) {
        return row -> function.apply((T1) row[0], (T2) row[1], (T3) row[2], (T4) row[3]);
    }

    @SuppressWarnings("unchecked")
    static <T1, T2, T3, T4, T5, U> RowMapper<Record5<T1, T2, T3, T4, T5>, U> mapping(
            Function5<? super T1, ? super T2, ? super T3, ? super T4, ? super T5, ? extends U> function) {
        return row -> function.apply((T1) row[0], (T2) row[1], (T3) row[2], (T4) row[3], (T5) row[4]);
    }

    @SuppressWarnings("unchecked")
    static <T1, T2, T3, T4, T5, T6, U> RowMapper<Record6<T1, T2, T3, T4, T5, T6>, U> mapping(
            Function6<? super T1, ? super T2, ? super T3, ? super T4, ? super T5, ? super T6, ? extends U> function) {
        return row -> function.apply((T1) row[0], (T2) row[1], (T3) row[2], (T4) row[3], (T5) row[4], (T6) row[5]);
    }

    @SuppressWarnings("unchecked")
    static <T1, T2, T3, T4, T5, T6, T7, U> RowMapper<Record7<T1, T2, T3, T4, T5, T6, T7>, U> mapping(
            Function7<? super T1, ? super T2, ? super T3, ? super T4, ? super T5, ? super T6, ? super T7, ? extends U>
                    function) {
        return row -> function.apply(
                (T1) row[0], (T2) row[1], (T3) row[2], (T4) row[3], (T5) row[4], (T6) row[5], (T7) row[6]);
    }
}
