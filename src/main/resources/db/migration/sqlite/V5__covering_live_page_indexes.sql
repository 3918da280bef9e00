-- Covering indexes for offset pages of live rows; see postgresql/V5. SQLite has no INCLUDE, so the
-- columns are key columns, and deleted_at is among them only so that the planner sees the index as
-- covering (it is NULL in every entry).
DROP INDEX ix_hero_live_id;
CREATE INDEX ix_hero_live_page ON hero (id, name, age, team_id, deleted_at) WHERE deleted_at IS NULL;
DROP INDEX ix_team_live_id;
CREATE INDEX ix_team_live_page ON team (id, name, deleted_at) WHERE deleted_at IS NULL;
