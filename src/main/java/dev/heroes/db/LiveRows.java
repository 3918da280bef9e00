package dev.heroes.db;

import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/** Conditions for tables whose rows carry a version and are deleted logically. */
public final class LiveRows {

    private LiveRows() {
    }

    /** The row's version is one of {@code versions}; null means any version will do. */
    public static Condition versionIn(Field<Long> version, Set<Long> versions) {
        return versions == null ? DSL.noCondition() : version.in(versions);
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
