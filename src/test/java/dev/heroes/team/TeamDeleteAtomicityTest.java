package dev.heroes.team;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.StatementObserver;
import dev.heroes.support.TestApp;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deleting a team takes two statements (mark the team deleted, detach its heroes). A failure
 * injected between them must leave nothing partial: the team and its heroes as they were.
 */
class TeamDeleteAtomicityTest {

    /** Fails the statement that detaches heroes, once armed. */
    private static final class FailHeroDetach implements StatementObserver {
        final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public void beforeExecute(String statement, List<Object> values) throws SQLException {
            String sql = statement.toLowerCase(Locale.ROOT);
            if (armed.get() && sql.startsWith("update") && sql.contains("hero") && sql.contains("team_id")) {
                throw new SQLException("injected failure between the team's two statements");
            }
        }
    }

    @OnBothDatabases
    void aFailureBetweenTheStatementsLeavesTheTeamAndItsHeroesAsTheyWere(Backend backend) {
        FailHeroDetach failure = new FailHeroDetach();
        try (TestApp app = TestApp.start(backend, failure)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long hero = createHero(api, "Rusty-Man", 48L, team);

            failure.armed.set(true);
            // A 500 is outside the API's document: a client without the OpenAPI check receives it.
            assertThat(new ApiClient(api.base()).delete("/teams/" + team).status())
                    .isEqualTo(500);
            failure.armed.set(false);

            assertThat(api.get("/teams/" + team).status()).isEqualTo(200);
            assertThat(api.get("/heroes/" + hero).json().get("team_id").asLong())
                    .isEqualTo(team);
            assertThat(api.delete("/teams/" + team).status()).isEqualTo(200);
            assertThat(api.get("/heroes/" + hero).json().get("team_id").isNull())
                    .isTrue();
        }
    }
}
