package dev.heroes.team;

import static dev.heroes.db.LiveTables.HEROES;
import static dev.heroes.db.LiveTables.TEAMS;
import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;

import dev.heroes.db.Database;
import dev.heroes.db.sql.InList;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record4;
import org.jooq.Record7;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The team table's statements, one per intent. Deleted teams stay with {@code deleted_at} set,
 * unseen: the live-row SQL (which rows are live, pages, the version bump, the soft delete) is
 * {@link LiveTable}'s ({@code db.LiveTables}), the hero table's too where a team's statements read or
 * detach its heroes.
 *
 * <p>Members in one order: parameters, templates, the constructor, methods, row mappers,
 * then the shapes. Templates whose statement is fixed are static final constants; templates keyed
 * by a shape are {@link SqlTemplates} fields, so that the statements they render as shapes are
 * asked for belong to this repository, not to static state.
 */
final class TeamRepository {

    // The values its statements take, typed: SqlTemplate binds them by these and no other name. The
    // id, a page's and a soft delete's are LiveTable's.
    private static final SqlParameter<String> NAME = SqlParameter.like("name", TEAM.NAME);
    private static final SqlParameter<Long> TEAM_ID = new SqlParameter<>("team_id", SQLDataType.BIGINT);
    private static final SqlParameter<Integer> PER_TEAM = new SqlParameter<>("per_team", SQLDataType.INTEGER);
    private static final SqlParameter<Long> AFTER_HERO = new SqlParameter<>("after_hero", SQLDataType.BIGINT);
    private static final SqlParameter<Integer> HEROES_READ = new SqlParameter<>("heroes_read", SQLDataType.INTEGER);

    /** The name of the {@link InList} of a page's team ids. */
    private static final String TEAM_IDS = "team_id";

    private static final SqlTemplate<Record3<String, Long, Long>> INSERT = new SqlTemplate<>(
            dsl -> dsl.insertInto(TEAM).set(TEAM.NAME, NAME.param()).returningResult(TEAM.NAME, TEAM.ID, TEAM.VERSION));

    /**
     * The team and its first {@code :heroes_read} heroes in one statement, for {@link #findJoined}: a
     * left join of a lateral read that stops at the limit in the (team_id, id) index. A plain left
     * join ordered by the hero's id read every hero of the team and sorted them (100,000 for a team
     * that large, for its first 1,000).
     */
    private static final SqlTemplate<Record7<String, Long, Long, String, Long, Long, Long>> FIND_WITH_HEROES =
            new SqlTemplate<>(dsl -> {
                Table<Record4<String, Long, Long, Long>> firsts = firstHeroesOfEachTeam(dsl, HEROES_READ);
                return dsl.select(
                                TEAM.NAME,
                                TEAM.ID,
                                TEAM.VERSION,
                                firsts.field(HERO.NAME),
                                firsts.field(HERO.AGE),
                                firsts.field(HERO.TEAM_ID),
                                firsts.field(HERO.ID))
                        .from(TEAM)
                        .leftJoin(firsts)
                        .on(DSL.trueCondition())
                        .where(TEAMS.liveRow())
                        .orderBy(firsts.field(HERO.ID));
            });

    /** The team alone, then {@link #HEROES_OF} its heroes, for {@link #findThenHeroes}. */
    private static final SqlTemplate<Record3<String, Long, Long>> FIND = new SqlTemplate<>(
            dsl -> dsl.select(TEAM.NAME, TEAM.ID, TEAM.VERSION).from(TEAM).where(TEAMS.liveRow()));

    private static final SqlTemplate<Record4<String, Long, Long, Long>> HEROES_OF =
            new SqlTemplate<>(dsl -> dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                    .from(HERO)
                    .where(HERO.TEAM_ID.eq(TEAM_ID.param()).and(HEROES.live()))
                    .orderBy(HERO.ID)
                    .limit(HEROES_READ.param()));

    /** The team's next {@code :heroes_read} heroes after {@code :after_hero}, by id: {@link #heroesAfter}. */
    private static final SqlTemplate<Record4<String, Long, Long, Long>> HEROES_AFTER =
            new SqlTemplate<>(dsl -> dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                    .from(HERO)
                    .where(HERO.TEAM_ID.eq(TEAM_ID.param()).and(HEROES.live()).and(HERO.ID.gt(AFTER_HERO.param())))
                    .orderBy(HERO.ID)
                    .limit(HEROES_READ.param()));

    /** The deleted team's heroes leave it, their versions bumped: part of {@link #delete}. */
    private static final SqlTemplate<?> DETACH_HEROES = SqlTemplate.rowCount(dsl -> dsl.update(HERO)
            .set(HERO.TEAM_ID, DSL.inline(null, HERO.TEAM_ID))
            .set(HERO.VERSION, HEROES.bumpedVersion())
            .where(HERO.TEAM_ID.eq(TEAM_ID.param()).and(HEROES.live())));

    /** Whether the team is live, for {@link #whyNot}. */
    private static final SqlTemplate<Record1<Long>> LIVE_ID_READ = TEAMS.liveIdRead();

    /** The list statements, one per shape: with or without {@code after_id}, from an offset or not. */
    private final SqlTemplates<PageShape, Record2<String, Long>> pages =
            new SqlTemplates<>(shape -> dsl -> dsl.select(TEAM.NAME, TEAM.ID)
                    .from(TEAM)
                    .where(TEAMS.page(dsl, shape.afterId(), shape.fromOffset(), DSL.noCondition()))
                    .orderBy(TEAM.ID)
                    .limit(LiveTable.LIMIT.param()));

    /**
     * The heroes of a page of teams, the first {@code :per_team} of each by id: one statement per
     * {@link InList} shape of the teams' ids (a page of up to 100 teams takes one of eight). Each
     * team's heroes are read from the index on {@code (team_id, id)} and stop at {@code :per_team},
     * so the statement reads at most a page of teams times {@code :per_team} heroes however many
     * heroes the teams have. Where the database is across the network, a lateral join does this
     * (PostgreSQL); SQLite has none, so there each team's first ids are a correlated subquery that
     * drives lookups by id.
     */
    private final SqlTemplates<InList, Record4<String, Long, Long, Long>> heroesOfTeams;

    /** The PATCH statements: an UPDATE of the name and the version, or a SELECT when nothing was sent. */
    private final SqlTemplates<UpdateShape, Record3<String, Long, Long>> updates = new SqlTemplates<>(shape -> dsl -> {
        Condition target = TEAMS.liveRow(shape.versions());
        return shape.rename()
                ? dsl.update(TEAM)
                        .set(TEAM.NAME, NAME.param())
                        .set(TEAM.VERSION, TEAMS.bumpedVersion())
                        .where(target)
                        .returningResult(TEAM.NAME, TEAM.ID, TEAM.VERSION)
                : dsl.select(TEAM.NAME, TEAM.ID, TEAM.VERSION).from(TEAM).where(target);
    });

    /** The DELETE statements, one per If-Match shape: the team marked deleted, its version bumped. */
    private final SqlTemplates<VersionMatch, Record1<Long>> deletes =
            TEAMS.softDeletes(deleted -> deleted.returningResult(TEAM.VERSION));

    private final FindWithHeroes findWithHeroes;

    /** {@link #findJoined} or {@link #findThenHeroes}, as the database suits. */
    @FunctionalInterface
    private interface FindWithHeroes {
        Optional<Versioned<TeamPublicWithHeroes>> find(DSLContext dsl, long id, int heroes);
    }

    /** @param embedded whether the database runs in this process ({@code Database.isEmbedded()}) */
    TeamRepository(boolean embedded) {
        this.heroesOfTeams =
                new SqlTemplates<>(embedded ? TeamRepository::firstHeroesByIds : TeamRepository::firstHeroesLateral);
        this.findWithHeroes = embedded
                ? (dsl, id, heroes) -> Database.onOneSnapshot(dsl, snapshot -> findThenHeroes(snapshot, id, heroes))
                : TeamRepository::findJoined;
    }

    /**
     * The first {@code limit} live heroes of the team the outer statement is on, as a lateral table
     * {@code firsts}: read in the (team_id, id) index in order, stopping at the limit.
     */
    private static Table<Record4<String, Long, Long, Long>> firstHeroesOfEachTeam(
            DSLContext dsl, SqlParameter<Integer> limit) {
        return DSL.lateral(dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                        .from(HERO)
                        .where(HERO.TEAM_ID.eq(TEAM.ID).and(HEROES.live()))
                        .orderBy(HERO.ID)
                        .limit(limit.param()))
                .as("firsts");
    }

    /** Each team's first {@code :per_team} heroes, in a lateral join on the teams of the page. */
    private static Function<DSLContext, ResultQuery<Record4<String, Long, Long, Long>>> firstHeroesLateral(
            InList teamIds) {
        return dsl -> {
            Table<Record4<String, Long, Long, Long>> firsts = firstHeroesOfEachTeam(dsl, PER_TEAM);
            return dsl.select(
                            firsts.field(HERO.NAME),
                            firsts.field(HERO.AGE),
                            firsts.field(HERO.TEAM_ID),
                            firsts.field(HERO.ID))
                    .from(TEAM)
                    .crossJoin(firsts)
                    .where(teamIds.condition(TEAM.ID))
                    .orderBy(firsts.field(HERO.ID));
        };
    }

    /** Each team's first {@code :per_team} heroes, as the ids a correlated subquery picks per team. */
    private static Function<DSLContext, ResultQuery<Record4<String, Long, Long, Long>>> firstHeroesByIds(
            InList teamIds) {
        return dsl -> {
            var member = HERO.as("member");
            return dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                    .from(TEAM)
                    .join(HERO)
                    .on(HERO.ID.in(dsl.select(member.ID)
                            .from(member)
                            .where(member.TEAM_ID.eq(TEAM.ID).and(member.DELETED_AT.isNull()))
                            .orderBy(member.ID)
                            .limit(PER_TEAM.param())))
                    .where(teamIds.condition(TEAM.ID))
                    .orderBy(HERO.ID);
        };
    }

    Versioned<TeamPublic> insert(DSLContext dsl, TeamCreate team) {
        return INSERT.fetchOptional(dsl, SqlTemplate.values().set(NAME, team.name()), WRITTEN)
                .orElseThrow(() -> new IllegalStateException("INSERT ... RETURNING returned no row"));
    }

    List<TeamPublic> page(DSLContext dsl, PageRequest page) {
        return pages.of(new PageShape(page.offset() > 0, page.afterId() != null))
                .fetch(dsl, TEAMS.pageValues(page.limit(), page.offset(), page.afterId()), PUBLIC);
    }

    /**
     * The same page with each team's first {@code heroesPerTeam} heroes by id: two statements
     * whatever the page size (the teams, then all their heroes at once, ranked per team).
     */
    List<TeamPublicWithHeroes> pageWithHeroes(DSLContext dsl, PageRequest page, int heroesPerTeam) {
        List<TeamPublic> teams = page(dsl, page);
        if (teams.isEmpty()) {
            return List.of();
        }
        List<Long> teamIds = teams.stream().map(TeamPublic::id).toList();
        InList shape = InList.of(TEAM_IDS, teamIds.size());
        Map<Long, List<HeroPublic>> heroesByTeam = new HashMap<>();
        for (HeroPublic hero : heroesOfTeams
                .of(shape)
                .fetch(dsl, shape.bind(SqlTemplate.values().set(PER_TEAM, heroesPerTeam), teamIds), HERO_PUBLIC_ROW)) {
            heroesByTeam.computeIfAbsent(hero.teamId(), id -> new ArrayList<>()).add(hero);
        }
        return teams.stream()
                .map(team -> new TeamPublicWithHeroes(
                        team.name(), team.id(), heroesByTeam.getOrDefault(team.id(), List.of())))
                .toList();
    }

    /**
     * The team and its first {@code heroes} heroes, ordered by id, with the team's version, in a
     * constant number of statements: one left join where the database is across the network (a
     * round trip saved), two statements on one snapshot where it is embedded (SQLite hands every
     * value over through a native call, so the join's repeating of the team's columns on each hero's
     * row is about a third of its time). Chosen once, when the repository is made for its database.
     * A team with more heroes than that has the rest read by {@link #heroesAfter}.
     */
    Optional<Versioned<TeamPublicWithHeroes>> findWithHeroes(DSLContext dsl, long id, int heroes) {
        return findWithHeroes.find(dsl, id, heroes);
    }

    /** The team's next {@code heroes} live heroes after hero {@code heroId}, by id. */
    List<HeroPublic> heroesAfter(DSLContext dsl, long teamId, long heroId, int heroes) {
        return HEROES_AFTER.fetch(
                dsl,
                SqlTemplate.values()
                        .set(TEAM_ID, teamId)
                        .set(AFTER_HERO, heroId)
                        .set(HEROES_READ, heroes),
                HERO_PUBLIC_ROW);
    }

    private static Optional<Versioned<TeamPublicWithHeroes>> findJoined(DSLContext dsl, long id, int atMost) {
        List<JoinedRow> rows =
                FIND_WITH_HEROES.fetch(dsl, LiveTable.rowValues(id).set(HEROES_READ, atMost), JOINED);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<HeroPublic> heroes = new ArrayList<>(rows.size());
        for (JoinedRow row : rows) {
            if (row.hero() != null) {
                heroes.add(row.hero());
            }
        }
        JoinedRow first = rows.getFirst();
        return Optional.of(withHeroes(first.teamName(), first.teamId(), first.teamVersion(), heroes));
    }

    private static Optional<Versioned<TeamPublicWithHeroes>> findThenHeroes(DSLContext dsl, long id, int heroes) {
        return FIND.fetchOptional(dsl, LiveTable.rowValues(id), WRITTEN)
                .map(team -> withHeroes(
                        team.value().name(),
                        team.value().id(),
                        team.version(),
                        HEROES_OF.fetch(
                                dsl, SqlTemplate.values().set(TEAM_ID, id).set(HEROES_READ, heroes), HERO_PUBLIC_ROW)));
    }

    private static Versioned<TeamPublicWithHeroes> withHeroes(
            String name, long id, long version, List<HeroPublic> heroes) {
        return new Versioned<>(new TeamPublicWithHeroes(name, id, heroes), version);
    }

    /** Renames the team if it exists and matches {@code ifMatch}; an empty update changes nothing. */
    WriteOutcome<TeamPublic> update(DSLContext dsl, long id, TeamUpdate update, VersionPrecondition ifMatch) {
        VersionMatch versions = VersionMatch.of(ifMatch.versions());
        SqlTemplate.Values values = LiveTable.rowValues(id);
        if (update.name() instanceof Patch.Set<String>(String name)) {
            values.set(NAME, name);
        }
        return updates.of(new UpdateShape(update.name() instanceof Patch.Set, versions))
                .fetchOptional(dsl, versions.bind(values, ifMatch.versions()), UPDATED)
                .orElseGet(() -> whyNot(dsl, id));
    }

    /**
     * Marks the team deleted and detaches its heroes, who stay. Two statements: the caller runs them
     * in one transaction, so that no hero is ever left in a deleted team.
     */
    WriteOutcome<Long> delete(DSLContext dsl, long id, VersionPrecondition ifMatch) {
        VersionMatch versions = VersionMatch.of(ifMatch.versions());
        Optional<Long> deleted = deletes.of(versions)
                .fetchOptional(dsl, versions.bind(TEAMS.softDeleteValues(id), ifMatch.versions()), RowMapper.value());
        if (deleted.isEmpty()) {
            return whyNot(dsl, id);
        }
        DETACH_HEROES.execute(dsl, SqlTemplate.values().set(TEAM_ID, id));
        return new Versioned<>(id, deleted.get());
    }

    /**
     * Why a conditional write touched no row: no live team, or else another version. A team's
     * writes are refused for no other reason, so whether it is live is all this reads.
     */
    private static <T> WriteOutcome<T> whyNot(DSLContext dsl, long id) {
        return LIVE_ID_READ
                        .fetchOptional(dsl, LiveTable.rowValues(id), RowMapper.value())
                        .isPresent()
                ? new WriteOutcome.VersionMismatch<>()
                : new WriteOutcome.NotFound<>();
    }

    /** A row of {@link #FIND_WITH_HEROES} as a {@link JoinedRow}. */
    private static final RowMapper<Record7<String, Long, Long, String, Long, Long, Long>, JoinedRow> JOINED =
            RowMapper.mapping((teamName, teamId, teamVersion, name, age, heroTeamId, heroId) -> new JoinedRow(
                    teamName,
                    teamId,
                    teamVersion,
                    // A team without heroes joins to one row of nulls.
                    heroId == null ? null : new HeroPublic(name, age, heroTeamId, heroId)));

    /** A hero read as (name, age, team_id, id), the order all of this file's hero statements select. */
    private static final RowMapper<Record4<String, Long, Long, Long>, HeroPublic> HERO_PUBLIC_ROW =
            RowMapper.mapping(HeroPublic::new);

    private static final RowMapper<Record2<String, Long>, TeamPublic> PUBLIC = RowMapper.mapping(TeamPublic::new);

    /** A team as written (or read with its version): its public fields, then its version. */
    private static final RowMapper<Record3<String, Long, Long>, Versioned<TeamPublic>> WRITTEN =
            RowMapper.mapping(TeamRepository::versioned);

    /** The same row as the outcome of a PATCH. */
    private static final RowMapper<Record3<String, Long, Long>, WriteOutcome<TeamPublic>> UPDATED = WRITTEN::map;

    private static Versioned<TeamPublic> versioned(String name, Long id, Long version) {
        return new Versioned<>(new TeamPublic(name, id), version);
    }

    /** Which parts a list request has: with or without {@code after_id}, from an offset or not. */
    private record PageShape(boolean fromOffset, boolean afterId) {}

    /** Whether a PATCH renames the team, and its If-Match condition's shape: one statement each. */
    private record UpdateShape(boolean rename, VersionMatch versions) {}

    /** One row of the join: the team's columns, then one of its heroes, or nulls when it has none. */
    private record JoinedRow(String teamName, long teamId, long teamVersion, HeroPublic hero) {}
}
