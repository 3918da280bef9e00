-- A team's live heroes are read in id order from ix_hero_live_team_id (team_id, id) alone. The
-- B-tree on team_id beside it gave the planner a second way, unordered: where a team's heroes were
-- stored together (loaded team by team) or one team held far more than the average, it read every
-- hero of the team through ix_hero_team_id and sorted them, for a page of 100 (2,000 heroes read
-- per request at 2,000,000 heroes in 1,000 teams; 100,000 for a team that large).
--
-- The foreign key's ON DELETE SET NULL still needs an index of every hero by team_id (a DELETE of a
-- team row, which the service never makes but an operator's purge may): a hash index serves that
-- equality and offers no order, and its random reads never cost less to the planner than the
-- ordered partial index. SQLite keeps its ix_hero_team_id: there it is (team_id, rowid), in id order.
--
-- Built CONCURRENTLY, the new index first, so that heroes can still be written and a team's heroes
-- found by the version still serving during a rolling upgrade.
-- [jooq ignore start]
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_hero_team_id_hash ON hero USING hash (team_id);
DROP INDEX CONCURRENTLY IF EXISTS ix_hero_team_id;
-- [jooq ignore stop]
