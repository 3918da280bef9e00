package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.StatementRecorder;
import dev.heroes.support.TestApp;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;

/**
 * Every route costs what it returns, not what the table holds: on a table of 200,000 heroes in 100
 * teams (ages spread as the benchmark's seed spreads them, some heroes deleted), and one team of
 * 50,000 more stored one after another (as a load team by team leaves them), each statement a
 * route runs is EXPLAINed on the same database, and no plan may read a whole table or sort more
 * than a bounded set. Deep {@code offset} pages are the contract's exception (docs/API.md): their
 * cost grows with the offset, in an index of live ids alone, which {@link IndexUsageTest} checks.
 *
 * <p>The rules, per database: PostgreSQL, no {@code Seq Scan} of the hero table (of the team
 * table only while it is as small as {@link #SMALL_TEAM_TABLE}) and no {@code Sort} the planner
 * expects to take more than {@link #MOST_ROWS_SORTED} rows, and no node of the plan as run
 * ({@code EXPLAIN ANALYZE}, in a transaction rolled back) reading more than {@link #MOST_ROWS_READ}
 * heroes: the planner's estimate for a team is the average team's, so a large team's every hero
 * read and sorted looked cheap to it (and to a rule on estimates alone); SQLite, no {@code SCAN} of a
 * table except in id order under the page's {@code LIMIT} (the first pages, and an age range that
 * holds many heroes, {@code HeroRepository.AGE_RANGE_PROBE}), and a {@code TEMP B-TREE} sort only
 * over rows found by a {@code SEARCH}, never over a scan. A plan that breaks one fails here with the
 * route, its statement and its plan, instead of in production at 2,000,000 heroes.
 */
class PlansAtScaleTest {

    private static final int TEAMS = 100;
    private static final int HEROES = 200_000;
    /** The team whose heroes are stored together after the others', and far more than the average. */
    private static final int LARGE_TEAM = TEAMS + 1;

    private static final int LARGE_TEAM_HEROES = 50_000;
    /**
     * The most rows a sort may be expected to take: the largest answer under the default settings,
     * a page of 100 teams each with 100 heroes, with room for the planner's estimate of an IN list
     * padded to 128 ids ({@code InList}).
     */
    private static final long MOST_ROWS_SORTED = 20_000;

    /**
     * The most heroes one node of a PostgreSQL plan may read (rows it returns, and those its filter
     * removed, over all its loops): the largest answer's, as for sorts. A team's heroes read whole
     * are 2,000 per team here, and 50,000 for the large team.
     */
    private static final long MOST_ROWS_READ = 20_000;

    /**
     * The most rows PostgreSQL may read whole from the team table: a table this small is cheaper
     * to read than to look up in (a hash join), and its size is the teams', never the heroes'.
     */
    private static final long SMALL_TEAM_TABLE = 1_000;

    private static final String TEAMS_WITH_HEROES = "teams with heroes";

    /**
     * The routes whose page is found by walking the ids in order and testing each row: no filter,
     * or one that most heroes pass (a common age range, which the age probe finds large).
     */
    private static final List<String> WALKS_IN_ID_ORDER = List.of(
            "first page",
            "common age range",
            "age from",
            "age range after an id",
            "with teams",
            "teams",
            "delete a team");

    /** The one route whose range may be sorted: it holds no hero, as the age probe finds first. */
    private static final String RARE_RANGE = "rare age range";

    @OnBothDatabases
    void noRouteReadsAWholeTableOrSortsOne(Backend backend) throws SQLException {
        StatementRecorder statements = new StatementRecorder();
        try (TestApp app = TestApp.start(backend, statements)) {
            boolean sqlite = app.database().dialect().family() == SQLDialect.SQLITE;
            load(app.database(), sqlite);
            ApiClient api = app.client();
            long middle = HEROES / 2;

            Map<String, String> reads = new LinkedHashMap<>();
            reads.put("a hero", "/heroes/" + middle);
            reads.put("first page", "/heroes/?limit=100");
            reads.put("keyset page", "/heroes/?after_id=" + middle + "&limit=100");
            reads.put("name", "/heroes/?name=Hero%20" + middle);
            reads.put("team", "/heroes/?team_id=7&limit=100");
            reads.put("common age range", "/heroes/?min_age=40&max_age=41&limit=100");
            reads.put(RARE_RANGE, "/heroes/?min_age=500&max_age=501&limit=100");
            reads.put("age from", "/heroes/?min_age=70&limit=100");
            reads.put(RARE_RANGE + " from", "/heroes/?min_age=500&limit=100");
            reads.put(RARE_RANGE + " to", "/heroes/?max_age=5&limit=100");
            reads.put("age range after an id", "/heroes/?min_age=40&max_age=41&after_id=" + middle + "&limit=100");
            reads.put("with teams", "/heroes/?include=team&limit=100");
            reads.put("teams", "/teams/?limit=100");
            reads.put(TEAMS_WITH_HEROES, "/teams/?include=heroes&limit=10");
            reads.put(TEAMS_WITH_HEROES + ", keyset", "/teams/?include=heroes&after_id=50&limit=100");
            reads.put("a team with its heroes", "/teams/7");
            reads.put("a large team's heroes", "/heroes/?team_id=" + LARGE_TEAM + "&limit=100");
            reads.put("a large team with its heroes", "/teams/" + LARGE_TEAM);
            reads.put(TEAMS_WITH_HEROES + ", a large team", "/teams/?include=heroes&after_id=" + TEAMS + "&limit=10");
            for (Map.Entry<String, String> read : reads.entrySet()) {
                List<String> ran = statements.statementsOf(() -> {
                    ApiResponse response = api.get(read.getValue());
                    assertThat(response.status()).as(read.getValue()).isEqualTo(200);
                });
                assertThat(ran).as(read.getKey()).isNotEmpty();
                for (String sql : ran) {
                    checkPlan(app.database(), sqlite, read.getKey() + " (" + read.getValue() + ")", sql);
                }
            }

            Map<String, Runnable> writes = new LinkedHashMap<>();
            writes.put(
                    "create",
                    () -> assertThat(api.post("/heroes/", Map.of("name", "New", "secret_name", "s", "team_id", 7))
                                    .status())
                            .isEqualTo(200));
            writes.put(
                    "patch",
                    () -> assertThat(api.patch("/heroes/" + middle, Map.of("age", 33))
                                    .status())
                            .isEqualTo(200));
            writes.put(
                    "delete a hero",
                    () -> assertThat(api.delete("/heroes/" + (middle + 1)).status())
                            .isEqualTo(200));
            writes.put(
                    "rename a team",
                    () -> assertThat(api.patch("/teams/9", Map.of("name", "Renamed"))
                                    .status())
                            .isEqualTo(200));
            writes.put(
                    "delete a team",
                    () -> assertThat(api.delete("/teams/8").status()).isEqualTo(200));
            for (Map.Entry<String, Runnable> write : writes.entrySet()) {
                for (String sql : statements.statementsOf(write.getValue())) {
                    checkPlan(app.database(), sqlite, write.getKey(), sql);
                }
            }
        }
    }

    /**
     * 100 teams, 200,000 heroes in them round-robin (every 97th deleted), then the large team and its
     * 50,000 heroes one after another; then statistics.
     */
    private static void load(Database database, boolean sqlite) throws SQLException {
        try (Connection connection = database.migrationDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            if (sqlite) {
                statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                        + LARGE_TEAM + ") INSERT INTO team (name) SELECT 'Team ' || i FROM n");
                statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                        + HEROES + ") INSERT INTO hero (name, secret_name, age, team_id, deleted_at)"
                        + " SELECT 'Hero ' || i, 'Secret ' || i, 18 + i % 60, 1 + i % " + TEAMS
                        + ", CASE WHEN i % 97 = 0 THEN '2026-01-01T00:00:00Z' END FROM n");
                statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                        + LARGE_TEAM_HEROES + ") INSERT INTO hero (name, secret_name, age, team_id)"
                        + " SELECT 'Member ' || i, 'Secret', 18 + i % 60, " + LARGE_TEAM + " FROM n");
            } else {
                statement.execute(
                        "INSERT INTO team (name) SELECT 'Team ' || i FROM generate_series(1, " + LARGE_TEAM + ") i");
                statement.execute("INSERT INTO hero (name, secret_name, age, team_id, deleted_at)"
                        + " SELECT 'Hero ' || i, 'Secret ' || i, 18 + i % 60, 1 + i % " + TEAMS
                        + ", CASE WHEN i % 97 = 0 THEN now() END FROM generate_series(1, " + HEROES + ") i");
                statement.execute("INSERT INTO hero (name, secret_name, age, team_id)"
                        + " SELECT 'Member ' || i, 'Secret', 18 + i % 60, " + LARGE_TEAM
                        + " FROM generate_series(1, " + LARGE_TEAM_HEROES + ") i");
                // What autovacuum soon gives a table this size: statistics and the visibility map.
                statement.execute("VACUUM ANALYZE");
            }
        }
    }

    private static void checkPlan(Database database, boolean sqlite, String route, String sql) throws SQLException {
        String trimmed = sql.strip().toLowerCase(java.util.Locale.ROOT);
        if (!trimmed.startsWith("select")
                && !trimmed.startsWith("insert")
                && !trimmed.startsWith("update")
                && !trimmed.startsWith("delete")
                && !trimmed.startsWith("with")) {
            return; // BEGIN, COMMIT, SET, savepoints: nothing to plan
        }
        List<String> plan = explain(database, sqlite, sql);
        String shown = route + " runs " + sql + "\nplan:\n" + String.join("\n", plan);
        if (route.startsWith(TEAMS_WITH_HEROES) && trimmed.contains("hero")) {
            // Each team's heroes are read up to INCLUDE_HEROES_LIMIT and no further, however many
            // it has: a limit per team (a lateral join's, or a correlated list's on SQLite).
            assertThat(String.join("\n", plan))
                    .as("every hero of the page's teams read: " + shown)
                    .contains(sqlite ? "CORRELATED LIST SUBQUERY" : "Limit");
        }
        if (sqlite) {
            for (int i = 0; i < plan.size(); i++) {
                String line = plan.get(i);
                Matcher scan =
                        Pattern.compile("^SCAN (hero|team|member)\\b(.*)$").matcher(line);
                if (scan.find()) {
                    // A scan of a table is allowed only where the route walks in id order (the
                    // rowid, or an index of live ids) until the page's LIMIT stops it, with no sort
                    // after it: a page without a filter, or a range that holds many heroes.
                    assertThat(WALKS_IN_ID_ORDER.stream().anyMatch(route::startsWith))
                            .as("a scan where the route should search: " + shown)
                            .isTrue();
                    String how = scan.group(2);
                    assertThat(how.isBlank() || how.contains("ix_hero_live_id") || how.contains("ix_team_live_id"))
                            .as("a scan other than in id order: " + shown)
                            .isTrue();
                    assertThat(plan).as("a scan sorted afterwards: " + shown).noneMatch(l -> l.contains("TEMP B-TREE"));
                    assertThat(sql).as("a scan without a LIMIT: " + shown).containsIgnoringCase("limit");
                }
                // A range read from an index and then sorted grows with the range's rows, unless the
                // age probe found the range small (fewer than HeroRepository.AGE_RANGE_PROBE).
                if (line.startsWith("SEARCH") && (line.contains(">") || line.contains("<"))) {
                    boolean sorted = plan.subList(i, plan.size()).stream().anyMatch(l -> l.contains("TEMP B-TREE"));
                    assertThat(!sorted || route.startsWith(RARE_RANGE))
                            .as("a range sorted whole: " + shown)
                            .isTrue();
                }
            }
        } else {
            long lastNodeLoops = 1;
            for (String line : plan) {
                assertThat(line).as("a whole table read: " + shown).doesNotContain("Seq Scan on hero");
                Matcher ran = Pattern.compile("actual rows=(\\d+) loops=(\\d+)").matcher(line);
                if (ran.find()) {
                    lastNodeLoops = Long.parseLong(ran.group(2));
                    if (line.contains(" on hero")) {
                        assertThat(Long.parseLong(ran.group(1)) * lastNodeLoops)
                                .as("heroes read beyond the answer's size: " + shown)
                                .isLessThanOrEqualTo(MOST_ROWS_READ);
                    }
                }
                Matcher removed = Pattern.compile("Rows Removed by (Filter|Index Recheck): (\\d+)")
                        .matcher(line);
                if (removed.find()) {
                    assertThat(Long.parseLong(removed.group(2)) * lastNodeLoops)
                            .as("heroes read and left beyond the answer's size: " + shown)
                            .isLessThanOrEqualTo(MOST_ROWS_READ);
                }
                Matcher teams =
                        Pattern.compile("Seq Scan on team .*rows=(\\d+)").matcher(line);
                if (teams.find()) {
                    assertThat(Long.parseLong(teams.group(1)))
                            .as("a whole team table read: " + shown)
                            .isLessThanOrEqualTo(SMALL_TEAM_TABLE);
                }
                Matcher sort = Pattern.compile("Sort .*rows=(\\d+)").matcher(line);
                if (sort.find() && !line.contains("Incremental")) {
                    assertThat(Long.parseLong(sort.group(1)))
                            .as("a sort of a large set: " + shown)
                            .isLessThanOrEqualTo(MOST_ROWS_SORTED);
                }
            }
        }
    }

    private static List<String> explain(Database database, boolean sqlite, String sql) throws SQLException {
        try (Connection connection = database.migrationDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            List<String> lines = new ArrayList<>();
            try (ResultSet rs =
                    statement.executeQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, TIMING OFF) ") + sql)) {
                while (rs.next()) {
                    lines.add(rs.getString(sqlite ? "detail" : "QUERY PLAN"));
                }
            } finally {
                // EXPLAIN of a write plans it without running it on SQLite; PostgreSQL's ANALYZE
                // runs it, and nothing of this connection is kept either way.
                connection.rollback();
            }
            return lines;
        }
    }
}
