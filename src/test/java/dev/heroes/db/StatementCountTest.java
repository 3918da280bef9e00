package dev.heroes.db;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.StatementCounter;
import dev.heroes.support.TestApp;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every route runs a fixed number of SQL statements, whether a page holds 1 row or 100 and a team
 * 1 hero or 100: relations are loaded by joins or one batch, never a query per row (N+1). A
 * conditional write that is refused runs one more, to say why.
 */
class StatementCountTest {

    @OnBothDatabases
    void everyRouteRunsAConstantNumberOfStatements(Backend backend) {
        StatementCounter statements = new StatementCounter();
        try (TestApp app = TestApp.start(backend, statements)) {
            ApiClient api = app.client();
            long smallTeam = createTeam(api, "Small");
            long hero = createHero(api, "Only", 1L, smallTeam);
            for (int size : new int[] {1, 100}) {
                assertThat(count(statements, () -> api.get("/heroes/?limit=" + size)))
                        .as("list heroes")
                        .isEqualTo(1);
                assertThat(count(statements, () -> api.get("/heroes/?include=team&limit=" + size)))
                        .as("list heroes with teams")
                        .isEqualTo(1);
                assertThat(count(statements, () -> api.get("/teams/?limit=" + size)))
                        .as("list teams")
                        .isEqualTo(1);
                assertThat(count(statements, () -> api.get("/teams/?include=heroes&limit=" + size)))
                        .as("list teams with heroes")
                        .isEqualTo(2);
                // SQLite reads the team and its heroes apart, on one snapshot; PostgreSQL joins them.
                assertThat(count(statements, () -> api.get("/teams/" + smallTeam)))
                        .as("read team")
                        .isEqualTo(backend == Backend.SQLITE ? 2 : 1);
                assertThat(count(statements, () -> api.get("/heroes/" + hero)))
                        .as("read hero")
                        .isEqualTo(1);
                growTo(api, 100);
            }
            assertThat(api.get("/heroes/?limit=100").json()).hasSize(100);
            assertThat(api.get("/teams/?include=heroes&limit=100").json()).hasSizeGreaterThanOrEqualTo(100);

            assertThat(count(statements, () -> api.post("/teams/", Map.of("name", "T"))))
                    .as("create team")
                    .isEqualTo(1);
            assertThat(count(
                            statements,
                            () -> api.post("/heroes/", Map.of("name", "H", "secret_name", "S", "team_id", smallTeam))))
                    .as("create hero")
                    .isEqualTo(1);
            assertThat(count(statements, () -> api.patch("/heroes/" + hero, Map.of("age", 2))))
                    .as("patch hero")
                    .isEqualTo(1);
            assertThat(count(statements, () -> api.patch("/teams/" + smallTeam, Map.of("name", "S2"))))
                    .as("patch team")
                    .isEqualTo(1);
            assertThat(count(statements, () -> api.delete("/heroes/" + hero)))
                    .as("delete hero")
                    .isEqualTo(1);
            assertThat(count(statements, () -> api.delete("/teams/" + smallTeam)))
                    .as("delete team, detach heroes")
                    .isEqualTo(2);
        }
    }

    private static int count(StatementCounter statements, Supplier<ApiResponse> request) {
        return statements.during(() -> {
            ApiResponse response = request.get();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        });
    }

    /** At least {@code size} teams and heroes, with {@code size} heroes in one team. */
    private static void growTo(ApiClient api, int size) {
        long team = createTeam(api, "Big");
        for (int i = 0; i < size; i++) {
            createTeam(api, "Team " + i);
            createHero(api, "Hero " + i, (long) i, team);
        }
    }
}
