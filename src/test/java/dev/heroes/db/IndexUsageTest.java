package dev.heroes.db;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.StatementRecorder;
import dev.heroes.support.TestApp;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.SQLDialect;

/**
 * Pages and filters are read through indexes: the statement a list request runs is EXPLAINed on
 * the same database, and its plan must name the index meant for it. An offset page must skip its
 * rows in the index of live ids alone, and an {@code after_id} page must start at its id in an
 * index, so that page 1,000 costs what page 1 costs. A migration or a query change that loses
 * an index fails here, not in production.
 */
class IndexUsageTest {

    @OnBothDatabases
    void listsAndFiltersUseTheirIndexes(Backend backend) throws SQLException {
        StatementRecorder statements = new StatementRecorder();
        try (TestApp app = TestApp.start(backend, statements)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            for (int i = 0; i < 20; i++) {
                createTeam(api, "Team " + i);
                createHero(api, "Hero " + i, (long) i, i % 2 == 0 ? team : null);
            }
            analyze(app.database());

            assertThat(plan(app, statements, api, "/heroes/?offset=5&limit=3"))
                    .contains(
                            backend == Backend.SQLITE
                                    ? "COVERING INDEX ix_hero_live_id"
                                    : "Index Only Scan using ix_hero_live_id");
            assertThat(plan(app, statements, api, "/heroes/?after_id=5&limit=3"))
                    .satisfies(startsAtTheId(backend));
            assertThat(plan(app, statements, api, "/heroes/?include=team&offset=5&limit=3"))
                    .contains(
                            backend == Backend.SQLITE
                                    ? "COVERING INDEX ix_hero_live_id"
                                    : "Index Only Scan using ix_hero_live_id");
            assertThat(plan(app, statements, api, "/heroes/?name=Hero%203")).contains("ix_hero_name");
            assertThat(plan(app, statements, api, "/heroes/?team_id=" + team))
                    .contains(backend == Backend.SQLITE ? "ix_hero_team_id" : "ix_hero_live_team_id");
            // On SQLite a probe counts the range in the same index first (HeroRepository.AGE_RANGE_PROBE).
            assertThat(lastPlan(app, statements, api, "/heroes/?min_age=3&max_age=5"))
                    .contains("ix_hero_live_age");
            assertThat(plan(app, statements, api, "/teams/?offset=5&limit=3"))
                    .contains(
                            backend == Backend.SQLITE
                                    ? "COVERING INDEX ix_team_live_id"
                                    : "Index Only Scan using ix_team_live_id");
            assertThat(plan(app, statements, api, "/teams/?after_id=5&limit=3")).satisfies(startsAtTheId(backend));
        }
    }

    private static Consumer<String> startsAtTheId(Backend backend) {
        return plan -> {
            if (backend == Backend.SQLITE) {
                assertThat(plan).containsAnyOf("(id>?)", "(rowid>?)");
            } else {
                assertThat(plan).contains("Index Cond: (id > 5)");
            }
        };
    }

    /** The plan of the one statement that {@code path} runs, one line per plan node. */
    private static String plan(TestApp app, StatementRecorder statements, ApiClient api, String path)
            throws SQLException {
        return explain(
                app,
                path,
                statements.onlyStatementOf(
                        () -> assertThat(api.get(path).status()).isEqualTo(200)));
    }

    /** The plan of the last statement that {@code path} runs. */
    private static String lastPlan(TestApp app, StatementRecorder statements, ApiClient api, String path)
            throws SQLException {
        return explain(
                app,
                path,
                statements
                        .statementsOf(() -> assertThat(api.get(path).status()).isEqualTo(200))
                        .getLast());
    }

    private static String explain(TestApp app, String path, String sql) throws SQLException {
        boolean sqlite = app.database().dialect().family() == SQLDialect.SQLITE;
        try (Connection connection = app.database().migrationDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            if (!sqlite) {
                // A table of twenty rows is cheaper to read whole; the question is whether an index serves.
                statement.execute("SET enable_seqscan = off");
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql)) {
                while (rs.next()) {
                    lines.add(rs.getString(sqlite ? "detail" : "QUERY PLAN"));
                }
            }
            return path + " runs " + sql + "\n" + String.join("\n", lines);
        }
    }

    /**
     * On PostgreSQL, statistics and the visibility map that lets an index-only scan skip the table,
     * as autovacuum would soon give. SQLite is left as the service leaves it, without statistics.
     */
    private static void analyze(Database database) throws SQLException {
        if (database.dialect().family() == SQLDialect.SQLITE) {
            return;
        }
        try (Connection connection = database.migrationDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
        }
    }
}
