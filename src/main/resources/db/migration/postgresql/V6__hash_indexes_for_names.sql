-- A B-tree entry holds at most about a third of a page (2,704 bytes), so a longer name could not be
-- inserted at all (a 1 MiB team name failed with "index row requires 12024 bytes"), while SQLite,
-- whose B-trees spill long keys to overflow pages, stored it. A hash index keeps only each name's
-- 4-byte hash: a name of any length is stored, and the `name` filter, an equality, is all these
-- indexes serve (lists are ordered by id, never by name).
-- [jooq ignore start]
DROP INDEX ix_team_name;
CREATE INDEX ix_team_name ON team USING hash (name);
DROP INDEX ix_hero_name;
CREATE INDEX ix_hero_name ON hero USING hash (name);
-- [jooq ignore stop]
