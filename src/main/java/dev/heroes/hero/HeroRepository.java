package dev.heroes.hero;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;

import dev.heroes.team.TeamPublic;
import dev.heroes.web.PageRequest;
import dev.heroes.web.Patch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.Record6;
import org.jooq.impl.DSL;

/** The hero table's statements: one per intent, none of them reading the secret name back. */
final class HeroRepository {

    HeroPublic insert(DSLContext dsl, HeroCreate hero) {
        return dsl.insertInto(HERO)
                .set(HERO.NAME, hero.name())
                .set(HERO.AGE, hero.age())
                .set(HERO.TEAM_ID, hero.teamId())
                .set(HERO.SECRET_NAME, hero.secretName())
                .returningResult(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                .fetchSingle(HeroRepository::toPublic);
    }

    /** One page of heroes matching {@code filter}, by id. */
    List<HeroPublic> page(DSLContext dsl, PageRequest page, HeroFilter filter) {
        return dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                .from(HERO)
                .where(matching(page, filter))
                .orderBy(HERO.ID)
                .limit(page.limit())
                .offset(page.offset())
                .fetch(HeroRepository::toPublic);
    }

    /** The same page with each hero's team, in one statement whatever the page size (a join). */
    List<HeroPublicWithTeam> pageWithTeams(DSLContext dsl, PageRequest page, HeroFilter filter) {
        return dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, TEAM.NAME, TEAM.ID)
                .from(HERO)
                .leftJoin(TEAM).on(TEAM.ID.eq(HERO.TEAM_ID))
                .where(matching(page, filter))
                .orderBy(HERO.ID)
                .limit(page.limit())
                .offset(page.offset())
                .fetch(HeroRepository::toPublicWithTeam);
    }

    private static Condition matching(PageRequest page, HeroFilter filter) {
        Condition condition = DSL.noCondition();
        if (page.afterId() != null) {
            condition = condition.and(HERO.ID.gt(page.afterId()));
        }
        if (filter.name() != null) {
            condition = condition.and(HERO.NAME.eq(filter.name()));
        }
        if (filter.teamId() != null) {
            condition = condition.and(HERO.TEAM_ID.eq(filter.teamId()));
        }
        if (filter.minAge() != null) {
            condition = condition.and(HERO.AGE.ge(filter.minAge()));
        }
        if (filter.maxAge() != null) {
            condition = condition.and(HERO.AGE.le(filter.maxAge()));
        }
        return condition;
    }

    /** The hero and its team in one statement (a join, not a second query). */
    Optional<HeroPublicWithTeam> findWithTeam(DSLContext dsl, long id) {
        return dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID, TEAM.NAME, TEAM.ID)
                .from(HERO)
                .leftJoin(TEAM).on(TEAM.ID.eq(HERO.TEAM_ID))
                .where(HERO.ID.eq(id))
                .fetchOptional(HeroRepository::toPublicWithTeam);
    }

    /** Applies the fields that were sent; empty when no hero has that id. */
    Optional<HeroPublic> update(DSLContext dsl, long id, HeroUpdate update) {
        Map<Field<?>, Object> changes = new HashMap<>();
        put(changes, HERO.NAME, update.name());
        put(changes, HERO.AGE, update.age());
        put(changes, HERO.TEAM_ID, update.teamId());
        put(changes, HERO.SECRET_NAME, update.secretName());
        if (changes.isEmpty()) {
            return dsl.select(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                    .from(HERO)
                    .where(HERO.ID.eq(id))
                    .fetchOptional(HeroRepository::toPublic);
        }
        return dsl.update(HERO)
                .set(changes)
                .where(HERO.ID.eq(id))
                .returningResult(HERO.NAME, HERO.AGE, HERO.TEAM_ID, HERO.ID)
                .fetchOptional(HeroRepository::toPublic);
    }

    boolean delete(DSLContext dsl, long id) {
        return dsl.deleteFrom(HERO).where(HERO.ID.eq(id)).execute() == 1;
    }

    private static <T> void put(Map<Field<?>, Object> changes, Field<T> field, Patch<T> patch) {
        if (patch instanceof Patch.Set<T>(T value)) {
            changes.put(field, value);
        }
    }

    private static HeroPublicWithTeam toPublicWithTeam(Record6<String, Long, Long, Long, String, Long> r) {
        // A hero without a team joins to a row of nulls: no team, not a team of nulls.
        TeamPublic team = r.value6() == null ? null : new TeamPublic(r.value5(), r.value6());
        return new HeroPublicWithTeam(r.value1(), r.value2(), r.value3(), r.value4(), team);
    }

    static HeroPublic toPublic(Record4<String, Long, Long, Long> r) {
        return new HeroPublic(r.value1(), r.value2(), r.value3(), r.value4());
    }
}
