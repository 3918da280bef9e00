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
import dev.heroes.support.StatementCounter;
import dev.heroes.support.TestApp;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /teams/{id}} of a team with more heroes than one read returns: the body is the one
 * the contract gives (every live hero, by id, then nothing more), streamed a batch at a time, so
 * that the team's size bounds no buffer in the service.
 */
class LargeTeamTest {

    private static final int HEROES = TeamRoutes.HEROES_PER_READ * 2 + 17;

    @OnBothDatabases
    void aTeamOfMoreHeroesThanOneReadIsStreamedWholeInIdOrder(Backend backend) {
        StatementCounter statements = new StatementCounter();
        try (TestApp app = TestApp.start(backend, statements)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Legion");
            long otherTeam = createTeam(api, "Others");
            createHero(api, "Outsider", 1L, otherTeam);
            List<Long> ids = insertHeroes(app, team, HEROES);
            // one deleted in each batch, and one at a batch's edge: none of them shows
            List<Long> deleted = List.of(ids.get(3), ids.get(TeamRoutes.HEROES_PER_READ), ids.get(HEROES - 1));
            for (long id : deleted) {
                assertThat(api.delete("/heroes/" + id).status()).isEqualTo(200);
            }
            List<Long> live = new ArrayList<>(ids);
            live.removeAll(deleted);

            ApiResponse[] answered = new ApiResponse[1];
            int ran = statements.during(() -> answered[0] = api.get("/teams/" + team));
            ApiResponse response = answered[0];

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.header("ETag")).isEqualTo("\"1\"");
            JsonNode body = response.json();
            assertThat(body.get("name").asText()).isEqualTo("Legion");
            assertThat(body.get("id").asLong()).isEqualTo(team);
            List<Long> listed = new ArrayList<>();
            for (JsonNode hero : body.get("heroes")) {
                assertThat(hero.get("team_id").asLong()).isEqualTo(team);
                listed.add(hero.get("id").asLong());
            }
            assertThat(listed).isEqualTo(live);
            assertThat(body.get("heroes").get(0).toString())
                    .isEqualTo("{\"name\":\"Member 0\",\"age\":20,\"team_id\":" + team + ",\"id\":" + ids.get(0) + "}");
            // The first read (the team and its first batch: two statements on SQLite, a join on
            // PostgreSQL), then one statement per further batch: 1,000 + 1,000 + 14 heroes.
            assertThat(ran).isEqualTo(backend == Backend.SQLITE ? 4 : 3);
        }
    }

    @OnBothDatabases
    void aTeamOfExactlyOneReadEndsWithAnEmptyBatch(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Full");
            List<Long> ids = insertHeroes(app, team, TeamRoutes.HEROES_PER_READ);

            JsonNode body = api.get("/teams/" + team).json();

            assertThat(body.get("heroes")).hasSize(ids.size());
            assertThat(body.get("heroes").get(ids.size() - 1).get("id").asLong())
                    .isEqualTo(ids.getLast());
        }
    }

    /** Inserts {@code count} heroes into the team in one statement, returning their ids in order. */
    private static List<Long> insertHeroes(TestApp app, long team, int count) {
        return app.database().writeStatement("test", dsl -> {
            var insert = dsl.insertInto(HERO, HERO.NAME, HERO.SECRET_NAME, HERO.AGE, HERO.TEAM_ID);
            for (int i = 0; i < count; i++) {
                insert = insert.values("Member " + i, "s", 20L + i % 50, team);
            }
            return insert.returningResult(HERO.ID).fetch(r -> r.value1());
        });
    }
}
