-- S5 patch-hero: one UPDATE ... RETURNING of the age, as PATCH /heroes/{id} {"age": n} needs;
-- its own transaction (autocommit).
\set id random(:hero_min, :hero_max)
\set age random(1, 100)
UPDATE hero SET age = :age WHERE id = :id RETURNING name, age, team_id, id;
