-- S3 get-team: the team and all its heroes (100) in one statement, as GET /teams/{id} needs.
\set id random(:team_min, :team_max)
SELECT team.name, team.id, hero.name, hero.age, hero.team_id, hero.id
  FROM team LEFT JOIN hero ON hero.team_id = team.id
 WHERE team.id = :id
 ORDER BY hero.id;
