-- Nothing changes here: see sqlite/V5. V4's ix_hero_live_id and ix_team_live_id already let an
-- offset page skip its rows in an index-only scan (the index predicate implies deleted_at IS NULL).
SELECT 1;
