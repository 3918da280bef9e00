-- S5 patch-hero: PATCH /heroes/{id} {"age": n}, the service's statement as PostgreSQL logs it:
-- one UPDATE ... RETURNING of the live hero that also counts its version up; its own transaction
-- (autocommit).
\set id random(:hero_min, :hero_max)
\set age random(1, 100)
\set one 1
update "hero" set "version" = ("hero"."version" + :one), "age" = :age where ("hero"."id" = :id and "hero"."deleted_at" is null) returning "hero"."name", "hero"."age", "hero"."team_id", "hero"."id", "hero"."version";
