-- S1 get-hero: GET /heroes/{id}. The statement the service sends, as PostgreSQL logs it
-- (log_statement = all): the live hero, its live team in the same statement (a left join) and
-- the hero's version for the ETag.
\set id random(:hero_min, :hero_max)
select "hero"."name", "hero"."age", "hero"."team_id", "hero"."id", "team"."name", "team"."id", "hero"."version" from "hero" left outer join "team" on ("team"."id" = "hero"."team_id" and "team"."deleted_at" is null) where ("hero"."id" = :id and "hero"."deleted_at" is null);
