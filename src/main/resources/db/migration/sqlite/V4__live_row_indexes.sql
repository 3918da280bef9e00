-- Partial indexes over live rows (deleted_at IS NULL); see postgresql/V4.
CREATE INDEX ix_hero_live_id ON hero (id) WHERE deleted_at IS NULL;
CREATE INDEX ix_hero_live_team_id ON hero (team_id, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_team_live_id ON team (id) WHERE deleted_at IS NULL;
