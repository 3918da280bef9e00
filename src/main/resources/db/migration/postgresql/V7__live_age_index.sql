-- As sqlite/V7: an age range reads the live heroes' ages alone. PostgreSQL's planner chooses between
-- this index and the id order from its statistics (SQLite's needs HeroRepository's probe), and a
-- partial index over live rows is the smaller one to read. Built CONCURRENTLY, so that heroes can
-- still be written while it is (Flyway runs these statements outside a transaction).
-- [jooq ignore start]
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_hero_live_age ON hero (age) WHERE deleted_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS ix_hero_age;
-- [jooq ignore stop]
