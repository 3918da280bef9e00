-- S2 list-heroes: one page of 100 heroes at a random offset, as GET /heroes/?offset=&limit=100 needs.
\set offset random(0, :hero_max - :hero_min + 1 - 100)
SELECT name, age, team_id, id FROM hero ORDER BY id LIMIT 100 OFFSET :offset;
