-- An age range is served from the live heroes' ages alone: HeroRepository counts a range's heroes
-- in this index (up to AGE_RANGE_PROBE) to choose between it and the id order, without reading a
-- row, and a narrow range's heroes are found here without testing deleted_at on each. It replaces
-- V1's index on every hero's age, which nothing else reads.
CREATE INDEX ix_hero_live_age ON hero (age) WHERE deleted_at IS NULL;
DROP INDEX ix_hero_age;
