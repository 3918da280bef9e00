-- An offset page still walks every row it skips. V4's id-only indexes made each of those steps
-- fetch the row (SQLite reads the entry's rowid for every skipped row, about three times the cost
-- of a step through the table). These replace them with indexes that hold all that a page returns,
-- so a page is read from the index alone (an index-only scan here, once vacuum has set the
-- visibility map).
-- [jooq ignore start]
DROP INDEX ix_hero_live_id;
CREATE INDEX ix_hero_live_page ON hero (id) INCLUDE (name, age, team_id) WHERE deleted_at IS NULL;
DROP INDEX ix_team_live_id;
CREATE INDEX ix_team_live_page ON team (id) INCLUDE (name) WHERE deleted_at IS NULL;
-- [jooq ignore stop]
