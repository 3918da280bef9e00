-- PostgreSQL's V6 makes its name indexes hash indexes, so that a name of any length can be stored.
-- SQLite has nothing to change: its B-trees keep a long key's tail on overflow pages, so ix_team_name
-- and ix_hero_name already take names of any length. The version stays in step with PostgreSQL's.
SELECT 1;
