-- S2 list-heroes: GET /heroes/?offset=&limit=100, the service's statement as PostgreSQL logs it.
-- The live heroes from the offset-th live id on (a subquery that walks the id index, instead of
-- OFFSET over whole rows); at offset 0 the subquery is left out.
\set limit 100
\set offset random(0, :hero_max - :hero_min + 1 - 100)
\if :offset > 0
select "hero"."name", "hero"."age", "hero"."team_id", "hero"."id" from "hero" where ("hero"."deleted_at" is null and "hero"."id" >= (select "hero"."id" from "hero" where "hero"."deleted_at" is null order by "hero"."id" offset :offset rows fetch next 1 rows only)) order by "hero"."id" fetch next :limit rows only;
\else
select "hero"."name", "hero"."age", "hero"."team_id", "hero"."id" from "hero" where "hero"."deleted_at" is null order by "hero"."id" fetch next :limit rows only;
\endif
