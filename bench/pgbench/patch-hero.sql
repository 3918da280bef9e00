-- S5 patch-hero: PATCH /heroes/{id} {"age": n}, the service's statement as PostgreSQL logs it:
-- one UPDATE ... RETURNING of the live hero that also counts its version up; its own transaction
-- (autocommit).
\set id random(:hero_min, :hero_max)
\set age random(1, 100)
update "hero" set "age" = :age, "version" = ("hero"."version" + 1) where ("hero"."id" = :id and "hero"."deleted_at" is null) returning "hero"."name", "hero"."age", "hero"."team_id", "hero"."id", "hero"."version";
