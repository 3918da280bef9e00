package dev.heroes.db.sql;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Conditions on tables whose rows are deleted logically that are not one {@link LiveTable}'s alone:
 * an offset page's start (which {@link LiveTable#page} builds with), and a locked existence check.
 */
public final class LiveRows {

    private LiveRows() {}

    /**
     * Starts an offset page where {@code offset} rows matching {@code matching} have been skipped:
     * {@code id >= (the id of the row after them)}, no row past the end. The subquery skips in an
     * index of live ids alone (SQLite: {@code ix_..._live_id (id, deleted_at)}, PostgreSQL: an
     * index-only scan), never reading a skipped row, and that index is not rewritten when a row's
     * other columns change, as an index covering the whole page would be.
     */
    public static Condition startingAtOffset(
            DSLContext dsl, Table<?> table, Field<Long> id, Condition matching, Field<Long> offset) {
        return id.ge(dsl.select(id)
                .from(table)
                .where(matching)
                .orderBy(id)
                .limit(DSL.inline(1))
                .offset(offset)
                .<Long>asField());
    }

    /**
     * {@code EXISTS (select)}, keeping the rows it found from being changed until this transaction
     * ends: a hero cannot join a team that a concurrent request is deleting. On PostgreSQL that is
     * {@code FOR SHARE}; SQLite has one writer at a time already.
     */
    public static Condition existsLocked(DSLContext dsl, SelectConditionStep<?> select) {
        return DSL.exists(dsl.dialect().family() == SQLDialect.POSTGRES ? select.forShare() : select);
    }
}
