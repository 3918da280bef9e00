package dev.heroes.team;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.StatementObserver;
import dev.heroes.support.TestApp;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /teams/{id}} shows the team and its heroes as they were at one moment, even when a
 * write commits while it reads: on SQLite it reads the team and its heroes in two statements, on
 * one snapshot; on PostgreSQL in one join.
 */
class TeamReadSnapshotTest {

    /** Once armed with a team's id, detaches that team's heroes right after the next read of a team. */
    private static final class DetachAfterTeamRead implements StatementObserver {
        final AtomicReference<TestApp> app = new AtomicReference<>();
        final AtomicLong armedForTeam = new AtomicLong();

        @Override
        public void afterExecute(String statement) {
            String sql = statement.toLowerCase(Locale.ROOT);
            if (!sql.startsWith("select") || !sql.contains("team")) {
                return;
            }
            long teamId = armedForTeam.getAndSet(0);
            if (teamId != 0) {
                app.get()
                        .database()
                        .writeStatement(
                                "test",
                                dsl -> dsl.update(HERO)
                                        .setNull(HERO.TEAM_ID)
                                        .where(HERO.TEAM_ID.eq(teamId))
                                        .execute());
            }
        }
    }

    @OnBothDatabases
    void aWriteCommittedWhileTheTeamIsReadIsNotHalfSeen(Backend backend) {
        DetachAfterTeamRead detach = new DetachAfterTeamRead();
        try (TestApp app = TestApp.start(backend, detach)) {
            detach.app.set(app);
            ApiClient api = app.client();
            long team = createTeam(api, "Snapshot");
            long first = createHero(api, "First", 1L, team);
            long second = createHero(api, "Second", 2L, team);

            detach.armedForTeam.set(team);
            ApiResponse during = api.get("/teams/" + team);

            assertThat(detach.armedForTeam.get())
                    .as("the write ran during the read")
                    .isZero();
            assertThat(during.status()).as(during.body()).isEqualTo(200);
            assertThat(during.json().get("heroes").findValues("id"))
                    .extracting(JsonNode::asLong)
                    .as("the heroes as they were when the team was read")
                    .containsExactly(first, second);

            ApiResponse after = api.get("/teams/" + team);
            assertThat(after.json().get("heroes"))
                    .as("the next read sees the write")
                    .isEmpty();
        }
    }
}
