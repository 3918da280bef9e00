-- S4 create-hero: POST /heroes/ with a team, the service's statement as PostgreSQL logs it: one
-- INSERT ... SELECT that inserts only while the team exists and is live, locking it (FOR SHARE)
-- until the insert commits. A single statement is its own transaction (autocommit), so the
-- commit, with synchronous_commit on, is part of it.
\set age random(1, 100)
\set team random(:team_min, :team_max)
insert into "hero" ("name", "age", "team_id", "secret_name") select 'Bench Hero', :age, :team, 'Bench Secret' where exists (select 1 as "one" from "team" where ("team"."id" = :team and "team"."deleted_at" is null) for share) returning "hero"."name", "hero"."age", "hero"."team_id", "hero"."id", "hero"."version";
