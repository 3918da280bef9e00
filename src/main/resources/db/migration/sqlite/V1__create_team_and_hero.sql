-- The guide's two tables (chapter 6), SQLite flavour of postgresql/V1.
-- AUTOINCREMENT: an id is never handed out again after its row is deleted,
-- as with PostgreSQL's identity columns.
CREATE TABLE team (
    id   INTEGER NOT NULL CONSTRAINT pk_team PRIMARY KEY AUTOINCREMENT,
    name TEXT    NOT NULL
);
CREATE INDEX ix_team_name ON team (name);

CREATE TABLE hero (
    id          INTEGER NOT NULL CONSTRAINT pk_hero PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    secret_name TEXT    NOT NULL,
    age         INTEGER,
    -- Deleting a team keeps its heroes, detached, in the same statement
    -- (enforced because every connection sets foreign_keys=ON).
    team_id     INTEGER CONSTRAINT fk_hero_team_id_team REFERENCES team (id) ON DELETE SET NULL
);
CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_hero_age ON hero (age);
CREATE INDEX ix_hero_team_id ON hero (team_id);
