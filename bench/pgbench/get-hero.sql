-- S1 get-hero: the hero and its team in one statement, as GET /heroes/{id} needs.
\set id random(:hero_min, :hero_max)
SELECT hero.name, hero.age, hero.team_id, hero.id, team.name, team.id
  FROM hero LEFT JOIN team ON team.id = hero.team_id
 WHERE hero.id = :id;
