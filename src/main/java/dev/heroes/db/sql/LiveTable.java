package dev.heroes.db.sql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UpdateConditionStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A table whose rows carry a version and are deleted logically ({@code deleted_at} set, the row
 * kept), and the SQL that every such table's statements share: what makes a row live, the page
 * conditions, the version bump, the soft delete and the read that tells a refused conditional
 * write's reason. One place for these, so that a table's live rows mean the same in every
 * statement that reads or writes it, whichever repository runs it.
 *
 * <p>It holds no templates: it builds them, and the repository that runs them keeps them, once.
 * Its parameters are named as the repositories' statements always named them, so the SQL they
 * render is the SQL the benchmark's scripts replay.
 *
 * @param <R> the table's record type
 */
public final class LiveTable<R extends Record> {

    /** A row's id: {@code :id}. */
    public static final SqlParameter<Long> ID = new SqlParameter<>("id", SQLDataType.BIGINT);

    /** A page's size: {@code :limit}. */
    public static final SqlParameter<Integer> LIMIT = new SqlParameter<>("limit", SQLDataType.INTEGER);

    /** How many rows a page skips: {@code :offset}, in a page {@link #page} made from an offset. */
    public static final SqlParameter<Long> OFFSET = new SqlParameter<>("offset", SQLDataType.BIGINT);

    private final Table<R> table;
    private final TableField<R, Long> id;
    private final TableField<R, Long> version;
    private final TableField<R, OffsetDateTime> deletedAt;
    private final Condition live;
    private final SqlParameter<Long> afterId;
    private final SqlParameter<OffsetDateTime> deletedAtValue;

    /**
     * @param table     the table
     * @param id        its key
     * @param version   its row version, bumped by every write
     * @param deletedAt when its row was deleted, null while the row is live
     */
    public LiveTable(
            Table<R> table,
            TableField<R, Long> id,
            TableField<R, Long> version,
            TableField<R, OffsetDateTime> deletedAt) {
        this.table = table;
        this.id = id;
        this.version = version;
        this.deletedAt = deletedAt;
        this.live = deletedAt.isNull();
        this.afterId = SqlParameter.like("after_id", id);
        this.deletedAtValue = SqlParameter.like("deleted_at", deletedAt);
    }

    /** The row is live: not deleted. */
    public Condition live() {
        return live;
    }

    /** The live row whose id is {@code :id}. */
    public Condition liveRow() {
        return id.eq(ID.param()).and(live);
    }

    /** The live row whose id is {@code :id}, at a version {@code versions} takes: a conditional write's target. */
    public Condition liveRow(VersionMatch versions) {
        return liveRow().and(versions.condition(version));
    }

    /** The version after a write: one more. */
    public Field<Long> bumpedVersion() {
        return version.plus(DSL.inline(1L));
    }

    /**
     * A page's condition: live rows, after {@code :after_id} if {@code afterId}, matching
     * {@code filter} (a feature's own, {@code DSL.noCondition()} for none), and if {@code fromOffset}
     * starting {@code :offset} of those rows in ({@link LiveRows#startingAtOffset}). The statement
     * orders by id and takes {@link #LIMIT}.
     */
    public Condition page(DSLContext dsl, boolean afterId, boolean fromOffset, Condition filter) {
        Condition matching = (afterId ? live.and(id.gt(this.afterId.param())) : live).and(filter);
        return fromOffset
                ? matching.and(LiveRows.startingAtOffset(dsl, table, id, matching, OFFSET.param()))
                : matching;
    }

    /** The values of a page's statement that {@link #page} and {@link #LIMIT} name; a feature adds its filter's. */
    public SqlTemplate.Values pageValues(int limit, long offset, Long afterId) {
        return SqlTemplate.values().set(LIMIT, limit).set(OFFSET, offset).set(this.afterId, afterId);
    }

    /**
     * The soft deletes, one per If-Match shape: the live row {@code :id} at a matching version
     * marked deleted at {@code :deleted_at}, its version bumped, returning what {@code returning}
     * selects (the step's {@code returningResult}).
     */
    public <T extends Record> SqlTemplates<VersionMatch, T> softDeletes(
            Function<? super UpdateConditionStep<R>, ? extends ResultQuery<T>> returning) {
        return new SqlTemplates<>(versions -> dsl -> returning.apply(dsl.update(table)
                .set(deletedAt, deletedAtValue.param())
                .set(version, bumpedVersion())
                .where(liveRow(versions))));
    }

    /** The values of a {@link #softDeletes} statement but the versions: row {@code id}, deleted now. */
    public SqlTemplate.Values softDeleteValues(long id) {
        return SqlTemplate.values().set(ID, id).set(deletedAtValue, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /**
     * The live row {@code :id}'s version: no row when there is no live row of that id. What a
     * conditional write that changed no row reads to tell why: no such row, or one at a version
     * the write did not take.
     */
    public SqlTemplate<Record1<Long>> versionRead() {
        return new SqlTemplate<>(dsl -> dsl.select(version).from(table).where(liveRow()));
    }

    /**
     * The live row {@code :id}'s id: no row when there is no live row of that id. For a table whose
     * writes are refused for no other reason than the version, whether the row is live is all a
     * refusal's reason needs.
     */
    public SqlTemplate<Record1<Long>> liveIdRead() {
        return new SqlTemplate<>(dsl -> dsl.select(id).from(table).where(liveRow()));
    }

    /** The values of a statement of one {@link #liveRow()}: row {@code id}; a feature sets its own after it. */
    public static SqlTemplate.Values rowValues(long id) {
        return SqlTemplate.values().set(ID, id);
    }
}
