-- Covering indexes for offset pages of live rows; see postgresql/V5. SQLite has no INCLUDE, so the
-- columns are key columns, and deleted_at is among them only so that the planner sees the index as
-- covering (it is NULL in every entry).
DROP INDEX ix_hero_live_id;
CREATE INDEX ix_hero_live_page ON hero (id, name, age, team_id, deleted_at) WHERE deleted_at IS NULL;
DROP INDEX ix_team_live_id;
CREATE INDEX ix_team_live_page ON team (id, name, deleted_at) WHERE deleted_at IS NULL;
-- A team's live heroes need no index of their own here: ix_hero_team_id is (team_id, rowid), in id
-- order already, and the planner reads a team's heroes through it. V4's partial copy only cost every
-- insert one more page written to the WAL (about 10% of SQLite's create throughput).
DROP INDEX ix_hero_live_team_id;
