package dev.heroes.db;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;

import dev.heroes.db.schema.tables.records.HeroRecord;
import dev.heroes.db.schema.tables.records.TeamRecord;
import dev.heroes.db.sql.LiveTable;

/**
 * The service's tables whose rows carry a version and are deleted logically, declared once: a
 * team's statements that read or detach its heroes take the hero table's live rows from here, as the
 * hero's own statements do, and the other way round, without one feature importing the other.
 */
public final class LiveTables {

    public static final LiveTable<HeroRecord> HEROES = new LiveTable<>(HERO, HERO.ID, HERO.VERSION, HERO.DELETED_AT);

    public static final LiveTable<TeamRecord> TEAMS = new LiveTable<>(TEAM, TEAM.ID, TEAM.VERSION, TEAM.DELETED_AT);

    private LiveTables() {}
}
