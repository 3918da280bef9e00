package dev.heroes.team;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;

import dev.heroes.hero.HeroPublic;
import dev.heroes.web.PageRequest;
import dev.heroes.web.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

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
                .orderBy(TEAM.ID)
                .limit(page.limit())
                .offset(page.offset())
                .fetch(r -> new TeamPublic(r.value1(), r.value2()));
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
