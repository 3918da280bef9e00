-- S3 get-team: GET /teams/{id}, the service's statement as PostgreSQL logs it: the live team,
-- its version and all its live heroes (100 here) in one statement.
\set id random(:team_min, :team_max)
select "team"."name", "team"."id", "team"."version", "hero"."name", "hero"."age", "hero"."team_id", "hero"."id" from "team" left outer join "hero" on ("hero"."team_id" = "team"."id" and "hero"."deleted_at" is null) where ("team"."id" = :id and "team"."deleted_at" is null) order by "hero"."id";
