-- S4 create-hero: one INSERT ... RETURNING, as POST /heroes/ needs. A single statement is its own
-- transaction (autocommit), so the commit, with synchronous_commit on, is part of it.
\set age random(1, 100)
\set team random(:team_min, :team_max)
INSERT INTO hero (name, age, team_id, secret_name)
VALUES ('Bench Hero', :age, :team, 'Bench Secret')
RETURNING name, age, team_id, id;
