package dev.heroes.team;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;

import dev.heroes.hero.HeroPublic;
import dev.heroes.web.PageRequest;
import dev.heroes.web.Patch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** The team table's statements, one per intent. */
final class TeamRepository {

    TeamPublic insert(DSLContext dsl, TeamCreate team) {
        return dsl.insertInto(TEAM)
                .set(TEAM.NAME, team.name())
                .returningResult(TEAM.NAME, TEAM.ID)
                .fetchSingle(r -> new TeamPublic(r.value1(), r.value2()));
    }

    List<TeamPublic> page(DSLContext dsl, PageRequest page) {
        return dsl.select(TEAM.NAME, TEAM.ID)
                .from(TEAM)
                .where(page.afterId() == null ? DSL.noCondition() : TEAM.ID.gt(page.afterId()))
                .orderBy(TEAM.ID)
                .limit(page.limit())
                .offset(page.offset())
                .fetch(r -> new TeamPublic(r.value1(), r.value2()));
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
        Field<Integer> rank = DSL.rowNumber().over(DSL.partitionBy(HERO.TEAM_ID).orderBy(HERO.ID)).as("rank");
        Table<?> ranked = dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, rank)
                .from(HERO)
                .where(HERO.TEAM_ID.in(teams.stream().map(TeamPublic::id).toList()))
                .asTable("ranked");
        Map<Long, List<HeroPublic>> heroesByTeam = new HashMap<>();
        dsl.select(ranked.field(HERO.NAME), ranked.field(HERO.AGE), ranked.field(HERO.TEAM_ID), ranked.field(HERO.ID))
                .from(ranked)
                .where(ranked.field(rank).le(heroesPerTeam))
                .orderBy(ranked.field(HERO.ID))
                .forEach(r -> heroesByTeam.computeIfAbsent(r.value3(), id -> new ArrayList<>())
                        .add(new HeroPublic(r.value1(), r.value2(), r.value3(), r.value4())));
        return teams.stream()
                .map(team -> new TeamPublicWithHeroes(team.name(), team.id(),
                        heroesByTeam.getOrDefault(team.id(), List.of())))
                .toList();
    }

    /** The team and all its heroes, ordered by id, in one statement (a left join). */
    Optional<TeamPublicWithHeroes> findWithHeroes(DSLContext dsl, long id) {
        Result<? extends Record> rows = dsl
                .select(TEAM.NAME, TEAM.ID, HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                .from(TEAM)
                .leftJoin(HERO).on(HERO.TEAM_ID.eq(TEAM.ID))
                .where(TEAM.ID.eq(id))
                .orderBy(HERO.ID)
                .fetch();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<HeroPublic> heroes = new ArrayList<>(rows.size());
        for (Record row : rows) {
            if (row.get(HERO.ID) != null) {
                heroes.add(new HeroPublic(row.get(HERO.NAME), row.get(HERO.AGE), row.get(HERO.TEAM_ID),
                        row.get(HERO.ID)));
            }
        }
        Record first = rows.getFirst();
        return Optional.of(new TeamPublicWithHeroes(first.get(TEAM.NAME), first.get(TEAM.ID), heroes));
    }

    /** Applies the fields that were sent; empty when no team has that id. */
    Optional<TeamPublic> update(DSLContext dsl, long id, TeamUpdate update) {
        if (update.name() instanceof Patch.Set<String>(String name)) {
            return dsl.update(TEAM)
                    .set(TEAM.NAME, name)
                    .where(TEAM.ID.eq(id))
                    .returningResult(TEAM.NAME, TEAM.ID)
                    .fetchOptional(r -> new TeamPublic(r.value1(), r.value2()));
        }
        return dsl.select(TEAM.NAME, TEAM.ID)
                .from(TEAM)
                .where(TEAM.ID.eq(id))
                .fetchOptional(r -> new TeamPublic(r.value1(), r.value2()));
    }

    /** Deletes the team; its heroes stay, detached by the foreign key's ON DELETE SET NULL. */
    boolean delete(DSLContext dsl, long id) {
        return dsl.deleteFrom(TEAM).where(TEAM.ID.eq(id)).execute() == 1;
    }
}
