package dev.heroes.hero;

import static dev.heroes.db.LiveTables.HEROES;
import static dev.heroes.db.LiveTables.TEAMS;
import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;

import dev.heroes.db.DatabaseErrors;
import dev.heroes.db.sql.LiveRows;
import dev.heroes.db.sql.LiveTable;
import dev.heroes.db.sql.RowMapper;
import dev.heroes.db.sql.SqlParameter;
import dev.heroes.db.sql.SqlTemplate;
import dev.heroes.db.sql.SqlTemplates;
import dev.heroes.db.sql.VersionMatch;
import dev.heroes.model.HeroPublic;
import dev.heroes.model.PageRequest;
import dev.heroes.model.Patch;
import dev.heroes.model.TeamPublic;
import dev.heroes.model.VersionPrecondition;
import dev.heroes.model.Versioned;
import dev.heroes.model.WriteOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.Record6;
import org.jooq.Record7;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The hero table's statements: one per intent, none of them reading the secret name back. Deleted
 * heroes stay in the table with {@code deleted_at} set, and no statement here sees them again: the
 * live-row SQL (which rows are live, pages, the version bump, the soft delete) is {@link LiveTable}'s (both tables' in {@code db.LiveTables});
 * the hero's own rules (its filters, its PATCH shapes, a team it joins must exist) are here.
 *
 * <p>Members in one order: parameters, templates, methods, row mappers, then the shapes.
 * Templates whose statement is fixed are static final constants; templates keyed by a shape are
 * {@link SqlTemplates} fields, so that the statements they render as shapes are asked for belong to
 * this repository, not to static state.
 */
final class HeroRepository {

    // The values its statements take, typed: SqlTemplate binds them by these and no other name. The
    // id, a page's and a soft delete's are LiveTable's.
    private static final SqlParameter<String> NAME = SqlParameter.like("name", HERO.NAME);
    private static final SqlParameter<Long> AGE = SqlParameter.like("age", HERO.AGE);
    private static final SqlParameter<Long> TEAM_ID = SqlParameter.like("team_id", HERO.TEAM_ID);
    private static final SqlParameter<String> SECRET_NAME = SqlParameter.like("secret_name", HERO.SECRET_NAME);
    private static final SqlParameter<Long> MIN_AGE = SqlParameter.like("min_age", HERO.AGE);
    private static final SqlParameter<Long> MAX_AGE = SqlParameter.like("max_age", HERO.AGE);

    /**
     * INSERT ... SELECT the values, where the team, if any, exists: no row inserted means no team. A
     * template: on SQLite every write waits for the one writer, so rendering inside it would hold up
     * every other write.
     */
    private static final SqlTemplate<Record5<String, Long, Long, Long, Long>> INSERT = insert(false);

    private static final SqlTemplate<Record5<String, Long, Long, Long, Long>> INSERT_INTO_TEAM = insert(true);

    /** The hero and its team in one statement (a join, not a second query), with the hero's version. */
    private static final SqlTemplate<Record7<String, Long, Long, Long, String, Long, Long>> FIND_WITH_TEAM =
            new SqlTemplate<>(
                    dsl -> dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, TEAM.NAME, TEAM.ID, HERO.VERSION)
                            .from(HERO)
                            .leftJoin(TEAM)
                            .on(TEAM.ID.eq(HERO.TEAM_ID).and(TEAMS.live()))
                            .where(HEROES.liveRow()));

    /** The live hero's version, for {@link #whyNot}. */
    private static final SqlTemplate<Record1<Long>> VERSION_READ = HEROES.versionRead();

    /**
     * How many live heroes in an age range SQLite counts, at most, to choose how to find a page of
     * them. Fewer than this: the range's heroes are read from the age index and sorted by id (at
     * most this many). This many or more: the heroes are read in id order and tested, which meets a
     * page of them after reading about {@code limit x heroes / matches} rows, a few thousand when a
     * range holds a few percent of the heroes, however many heroes there are. PostgreSQL's planner
     * makes this choice itself from its statistics; SQLite's sorts the whole range whatever its size
     * (a range holding 66,000 of 2,000,000 heroes took 54 ms, against 0.3 ms in id order).
     */
    static final int AGE_RANGE_PROBE = 2_000;

    private static final SqlParameter<Integer> PROBE = new SqlParameter<>("probe", SQLDataType.INTEGER);

    /**
     * How many live heroes, up to {@code :probe}, the age range holds past the page's {@code after_id}:
     * counted in the partial index on live heroes' ages ({@code ix_hero_live_age}), at most
     * {@code :probe} of its entries.
     */
    private final SqlTemplates<PageShape, Record1<Integer>> ageRangeProbes =
            new SqlTemplates<>(shape -> dsl -> dsl.selectCount()
                    .from(dsl.selectOne()
                            .from(HERO)
                            .where(HEROES.page(dsl, shape.afterId(), false, shape.filter()))
                            .limit(PROBE.param())
                            .asTable("probe")));

    /** The list statements, one per {@link PageShape}: a request's values are bound, never rendered. */
    private final SqlTemplates<PageShape, Record4<String, Long, Long, Long>> pages =
            new SqlTemplates<>(shape -> dsl -> dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                    .from(HERO)
                    .where(shape.condition(dsl))
                    .orderBy(shape.order())
                    .limit(LiveTable.LIMIT.param()));

    /** The list statements with each hero's team, one per {@link PageShape}. */
    private final SqlTemplates<PageShape, Record6<String, Long, Long, Long, String, Long>> pagesWithTeams =
            new SqlTemplates<>(
                    shape -> dsl -> dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, TEAM.NAME, TEAM.ID)
                            .from(HERO)
                            .leftJoin(TEAM)
                            .on(TEAM.ID.eq(HERO.TEAM_ID).and(TEAMS.live()))
                            .where(shape.condition(dsl))
                            .orderBy(shape.order())
                            .limit(LiveTable.LIMIT.param()));

    /**
     * The PATCH statements, one per {@link UpdateShape}: an UPDATE of the fields sent and the
     * version, returning the hero; a SELECT of the hero when no field was sent.
     */
    private final SqlTemplates<UpdateShape, Record5<String, Long, Long, Long, Long>> updates =
            new SqlTemplates<>(shape -> dsl -> {
                Condition target = HEROES.liveRow(shape.versions());
                if (shape.intoTeam()) {
                    target = target.and(teamExists(dsl, TEAM_ID.param()));
                }
                if (shape.changesNothing()) {
                    return dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, HERO.VERSION)
                            .from(HERO)
                            .where(target);
                }
                Map<Field<?>, Object> changes = new LinkedHashMap<>();
                if (shape.name()) {
                    changes.put(HERO.NAME, NAME.param());
                }
                if (shape.age()) {
                    changes.put(HERO.AGE, AGE.param());
                }
                if (shape.teamId()) {
                    changes.put(HERO.TEAM_ID, TEAM_ID.param());
                }
                if (shape.secretName()) {
                    changes.put(HERO.SECRET_NAME, SECRET_NAME.param());
                }
                changes.put(HERO.VERSION, HEROES.bumpedVersion());
                return dsl.update(HERO)
                        .set(changes)
                        .where(target)
                        .returningResult(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, HERO.VERSION);
            });

    /** The DELETE statements, one per If-Match shape: the hero marked deleted, its version bumped. */
    private final SqlTemplates<VersionMatch, Record2<Long, Long>> deletes =
            HEROES.softDeletes(deleted -> deleted.returningResult(HERO.ID, HERO.VERSION));

    /** Inserts the hero; {@link WriteOutcome.MissingReference} when its team does not exist. */
    WriteOutcome<HeroPublic> insert(DSLContext dsl, HeroCreate hero) {
        return refusedTeamIsMissing(() -> (hero.teamId() == null ? INSERT : INSERT_INTO_TEAM)
                .fetchOptional(
                        dsl,
                        SqlTemplate.values()
                                .set(NAME, hero.name())
                                .set(AGE, hero.age())
                                .set(TEAM_ID, hero.teamId())
                                .set(SECRET_NAME, hero.secretName()),
                        WRITTEN)
                .orElseGet(WriteOutcome.MissingReference::new));
    }

    /**
     * The write, or {@link WriteOutcome.MissingReference} when the database's foreign key refuses
     * its {@code team_id}: the statements check that the team exists and is not deleted, and the
     * key stays as the database's own guarantee (a team removed in between), whose refusal means
     * the same.
     */
    private static <T> WriteOutcome<T> refusedTeamIsMissing(Supplier<WriteOutcome<T>> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            if (DatabaseErrors.isForeignKeyViolation(e)) {
                return new WriteOutcome.MissingReference<>();
            }
            throw e;
        }
    }

    /** The {@link #INSERT} statement, into a team that must exist or into none. */
    private static SqlTemplate<Record5<String, Long, Long, Long, Long>> insert(boolean intoTeam) {
        return new SqlTemplate<>(dsl -> {
            Field<Long> teamId = TEAM_ID.param();
            var values = dsl.select(NAME.param(), AGE.param(), teamId, SECRET_NAME.param())
                    .where(intoTeam ? teamExists(dsl, teamId) : DSL.noCondition());
            return dsl.insertInto(HERO, HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.SECRET_NAME)
                    .select(values)
                    .returningResult(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, HERO.VERSION);
        });
    }

    private final boolean probesAgeRanges;
    private final boolean teamAsRange;

    /**
     * @param embedded whether the database runs in this process ({@code Database.isEmbedded()}):
     *                 SQLite, whose planner needs {@link #AGE_RANGE_PROBE}'s help with age ranges;
     *                 otherwise PostgreSQL, whose planner needs a team's heroes asked for as a
     *                 range ({@link PageShape#teamAsRange})
     */
    HeroRepository(boolean embedded) {
        this.probesAgeRanges = embedded;
        this.teamAsRange = !embedded;
    }

    /** One page of heroes matching {@code filter}, by id. */
    List<HeroPublic> page(DSLContext dsl, PageRequest page, HeroFilter filter) {
        return pages.of(shape(dsl, page, filter)).fetch(dsl, values(page, filter), PUBLIC);
    }

    /** The same page with each hero's team, in one statement whatever the page size (a join). */
    List<HeroPublicWithTeam> pageWithTeams(DSLContext dsl, PageRequest page, HeroFilter filter) {
        return pagesWithTeams.of(shape(dsl, page, filter)).fetch(dsl, values(page, filter), PUBLIC_WITH_TEAM);
    }

    /**
     * The page's statement shape. On SQLite, an age range that no other filter narrows is first
     * probed ({@link #AGE_RANGE_PROBE}): a range that holds many heroes is read in id order.
     */
    private PageShape shape(DSLContext dsl, PageRequest page, HeroFilter filter) {
        PageShape shape = PageShape.of(page, filter, teamAsRange);
        if (!probesAgeRanges || !shape.ageRangeAlone()) {
            return shape;
        }
        int matches = ageRangeProbes
                .of(shape)
                .fetchOptional(dsl, values(page, filter).set(PROBE, AGE_RANGE_PROBE), RowMapper.value())
                .orElse(0);
        return matches >= AGE_RANGE_PROBE ? shape.inIdOrder() : shape.fromAgeIndex();
    }

    /** The values of every part a page's statement may have, by the names {@link PageShape} gives them. */
    private static SqlTemplate.Values values(PageRequest page, HeroFilter filter) {
        return HEROES.pageValues(page.limit(), page.offset(), page.afterId())
                .set(NAME, filter.name())
                .set(TEAM_ID, filter.teamId())
                .set(MIN_AGE, filter.minAge())
                .set(MAX_AGE, filter.maxAge());
    }

    /** The hero and its team, with the hero's version; empty when there is no live hero of that id. */
    Optional<Versioned<HeroPublicWithTeam>> findWithTeam(DSLContext dsl, long id) {
        return FIND_WITH_TEAM.fetchOptional(dsl, LiveTable.rowValues(id), WITH_TEAM);
    }

    /** A hero without a team joins to nulls: no team, not a team of nulls. */
    private static TeamPublic team(String name, Long id) {
        return id == null ? null : new TeamPublic(name, id);
    }

    /**
     * Applies the fields that were sent, if the hero exists and matches {@code ifMatch}, and if the
     * team it is moved to exists: one statement, and one more only to say why it did not apply.
     */
    WriteOutcome<HeroPublic> update(DSLContext dsl, long id, HeroUpdate update, VersionPrecondition ifMatch) {
        return refusedTeamIsMissing(() -> updateRow(dsl, id, update, ifMatch));
    }

    private WriteOutcome<HeroPublic> updateRow(
            DSLContext dsl, long id, HeroUpdate update, VersionPrecondition ifMatch) {
        UpdateShape shape = UpdateShape.of(update, ifMatch);
        SqlTemplate.Values values = LiveTable.rowValues(id);
        set(values, NAME, update.name());
        set(values, AGE, update.age());
        set(values, TEAM_ID, update.teamId());
        set(values, SECRET_NAME, update.secretName());
        return updates.of(shape)
                .fetchOptional(dsl, shape.versions().bind(values, ifMatch.versions()), WRITTEN)
                .orElseGet(() -> whyNot(dsl, id, ifMatch, new WriteOutcome.MissingReference<>()));
    }

    private static <T> void set(SqlTemplate.Values values, SqlParameter<T> parameter, Patch<T> patch) {
        if (patch instanceof Patch.Set<T>(T value)) {
            values.set(parameter, value);
        }
    }

    /** Marks the hero deleted, if it exists and matches {@code ifMatch}. */
    WriteOutcome<Long> delete(DSLContext dsl, long id, VersionPrecondition ifMatch) {
        VersionMatch versions = VersionMatch.of(ifMatch.versions());
        return deletes.of(versions)
                .fetchOptional(dsl, versions.bind(HEROES.softDeleteValues(id), ifMatch.versions()), DELETED)
                .orElseGet(() -> whyNot(dsl, id, ifMatch, new WriteOutcome.NotFound<>()));
    }

    /** The team exists and is not deleted; locked so until the hero's write commits. */
    private static Condition teamExists(DSLContext dsl, Field<Long> teamId) {
        return LiveRows.existsLocked(
                dsl, dsl.selectOne().from(TEAM).where(TEAM.ID.eq(teamId).and(TEAMS.live())));
    }

    /**
     * Why a conditional write touched no row: no live hero, a live hero at a version {@code ifMatch}
     * does not take, or else {@code otherwise} (the write's own refusal: its team is missing).
     */
    private static <T> WriteOutcome<T> whyNot(
            DSLContext dsl, long id, VersionPrecondition ifMatch, WriteOutcome<T> otherwise) {
        Optional<Long> version = VERSION_READ.fetchOptional(dsl, LiveTable.rowValues(id), RowMapper.value());
        if (version.isEmpty()) {
            return new WriteOutcome.NotFound<>();
        }
        if (!ifMatch.matchesAny() && !ifMatch.versions().contains(version.get())) {
            return new WriteOutcome.VersionMismatch<>();
        }
        return otherwise;
    }

    /** A deleted hero: its id, then its new version. */
    private static final RowMapper<Record2<Long, Long>, WriteOutcome<Long>> DELETED =
            RowMapper.mapping((id, version) -> new Versioned<>(id, version));

    /** A hero as its statements select it: name, age, team_id, id. */
    private static final RowMapper<Record4<String, Long, Long, Long>, HeroPublic> PUBLIC =
            RowMapper.mapping(HeroPublic::new);

    /** A hero as written: its public fields, then its new version. */
    private static final RowMapper<Record5<String, Long, Long, Long, Long>, WriteOutcome<HeroPublic>> WRITTEN =
            RowMapper.mapping((name, age, teamId, id, version) ->
                    new Versioned<>(new HeroPublic(name, age, teamId, id), version));

    /** A hero with its team's name and id, as the list's join selects them. */
    private static final RowMapper<Record6<String, Long, Long, Long, String, Long>, HeroPublicWithTeam>
            PUBLIC_WITH_TEAM = RowMapper.mapping((name, age, teamId, id, teamName, joinedTeamId) ->
            new HeroPublicWithTeam(name, age, teamId, id, team(teamName, joinedTeamId)));

    /** A hero with its team, then the hero's version, as {@code GET /heroes/{id}} selects them. */
    private static final RowMapper<Record7<String, Long, Long, Long, String, Long, Long>, Versioned<HeroPublicWithTeam>>
            WITH_TEAM = RowMapper.mapping((name, age, teamId, heroId, teamName, joinedTeamId, version) ->
            new Versioned<>(new HeroPublicWithTeam(name, age, teamId, heroId, team(teamName, joinedTeamId)), version));

    /**
     * Which of its optional parts a list request has: each combination is one statement.
     *
     * @param teamAsRange a team asked for as the range from its id to its id, ordered by team and
     *                    id (PostgreSQL): the same heroes in the same order, which only the (team_id,
     *                    id) index gives. Asked for by equality, the team drops out of the order and
     *                    the index of live ids gives it too; for a team that holds a large share of
     *                    the heroes the planner then walks the ids, expecting the team's heroes
     *                    spread evenly among them, and where they were stored together (a team
     *                    loaded at once) it reads every hero stored before them.
     */
    private record PageShape(
            boolean fromOffset,
            boolean afterId,
            boolean name,
            boolean teamId,
            boolean teamAsRange,
            boolean minAge,
            boolean maxAge,
            boolean ageInIdOrder,
            boolean ageFromIndex) {

        static PageShape of(PageRequest page, HeroFilter filter, boolean teamAsRange) {
            return new PageShape(
                    page.offset() > 0,
                    page.afterId() != null,
                    filter.name() != null,
                    filter.teamId() != null,
                    teamAsRange && filter.teamId() != null,
                    filter.minAge() != null,
                    filter.maxAge() != null,
                    false,
                    false);
        }

        /** An age range, and no name or team to narrow the heroes first. */
        boolean ageRangeAlone() {
            return (minAge || maxAge) && !name && !teamId;
        }

        /** The same, its age range tested on each hero in id order instead of read from the age index. */
        PageShape inIdOrder() {
            return new PageShape(fromOffset, afterId, name, teamId, teamAsRange, minAge, maxAge, true, false);
        }

        /**
         * The same, its few heroes (fewer than the probe's bound) read from the age index and sorted.
         * Without statistics SQLite would otherwise walk the id index for a one-sided range (age
         * above or below a bound), testing every live hero when the range holds none: ordered by
         * {@code id + 0}, the same order that no index gives, the age index is its only way in.
         */
        PageShape fromAgeIndex() {
            return new PageShape(fromOffset, afterId, name, teamId, teamAsRange, minAge, maxAge, false, true);
        }

        /**
         * The page's order: by id; through an expression where the age index must serve instead;
         * by team first (one team, so the same order) where the team index must serve.
         */
        OrderField<?>[] order() {
            if (ageFromIndex) {
                return new OrderField<?>[] {HERO.ID.plus(DSL.inline(0L))};
            }
            return teamAsRange ? new OrderField<?>[] {HERO.TEAM_ID, HERO.ID} : new OrderField<?>[] {HERO.ID};
        }

        /** The page's condition: live heroes as {@link LiveTable#page} pages them, matching the filter. */
        Condition condition(DSLContext dsl) {
            return HEROES.page(dsl, afterId, fromOffset, filter());
        }

        /** The hero's own filters that this shape has. */
        Condition filter() {
            Condition condition = DSL.noCondition();
            if (name) {
                condition = condition.and(HERO.NAME.eq(NAME.param()));
            }
            if (teamAsRange) {
                condition = condition.and(HERO.TEAM_ID.between(TEAM_ID.param(), TEAM_ID.param()));
            } else if (teamId) {
                condition = condition.and(HERO.TEAM_ID.eq(TEAM_ID.param()));
            }
            // age + 0 is the same value, but no index's column: SQLite then keeps to the id order.
            Field<Long> age = ageInIdOrder ? HERO.AGE.plus(DSL.inline(0L)) : HERO.AGE;
            if (minAge) {
                condition = condition.and(age.ge(MIN_AGE.param()));
            }
            if (maxAge) {
                condition = condition.and(age.le(MAX_AGE.param()));
            }
            return condition;
        }
    }

    /**
     * Which fields a PATCH sets, whether it moves the hero into a team (which must exist), and the
     * If-Match condition's shape: each combination is one statement, rendered once.
     */
    private record UpdateShape(
            boolean name, boolean age, boolean teamId, boolean secretName, boolean intoTeam, VersionMatch versions) {

        static UpdateShape of(HeroUpdate update, VersionPrecondition ifMatch) {
            return new UpdateShape(
                    update.name() instanceof Patch.Set,
                    update.age() instanceof Patch.Set,
                    update.teamId() instanceof Patch.Set,
                    update.secretName() instanceof Patch.Set,
                    update.teamId() instanceof Patch.Set<Long>(Long teamId) && teamId != null,
                    VersionMatch.of(ifMatch.versions()));
        }

        boolean changesNothing() {
            return !name && !age && !teamId && !secretName;
        }
    }
}
