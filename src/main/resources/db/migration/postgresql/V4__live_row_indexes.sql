-- Lists and nested lists read live rows only (deleted_at IS NULL), by id or by team. Partial
-- indexes over live rows let a page skip its offset, or find a team's heroes, in the index alone,
-- without reading each skipped row to test deleted_at.
-- [jooq ignore start]
CREATE INDEX ix_hero_live_id ON hero (id) WHERE deleted_at IS NULL;
CREATE INDEX ix_hero_live_team_id ON hero (team_id, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_team_live_id ON team (id) WHERE deleted_at IS NULL;
-- [jooq ignore stop]
