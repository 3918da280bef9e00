-- An offset page skips its rows in a subquery over live ids (LiveRows.startingAtOffset). SQLite
-- reads that from an index alone only when the index holds every column the subquery names, so
-- V4's id-only indexes gain deleted_at (NULL in every entry): with them each skipped row cost a
-- lookup of its rowid, three times a step through the table. Updates of a row's other columns do
-- not touch these indexes.
DROP INDEX ix_hero_live_id;
CREATE INDEX ix_hero_live_id ON hero (id, deleted_at) WHERE deleted_at IS NULL;
DROP INDEX ix_team_live_id;
CREATE INDEX ix_team_live_id ON team (id, deleted_at) WHERE deleted_at IS NULL;
-- A team's live heroes need no index of their own here: ix_hero_team_id is (team_id, rowid), in id
-- order already, and the planner reads a team's heroes through it. V4's partial copy only cost every
-- insert one more page written to the WAL (about 10% of SQLite's create throughput).
DROP INDEX ix_hero_live_team_id;
