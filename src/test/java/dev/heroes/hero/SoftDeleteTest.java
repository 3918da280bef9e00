package dev.heroes.hero;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.db.schema.Tables.TEAM;
import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static dev.heroes.support.Fixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.Map;

/** A deleted row stays in its table, and no read, list, nesting or team check sees it again. */
class SoftDeleteTest {

    @OnBothDatabases
    void aDeletedHeroIsKeptButSeenNowhere(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long kept = createHero(api, "Kept", 1L, team);
            long gone = createHero(api, "Gone", 2L, team);

            assertThat(api.delete("/heroes/" + gone).status()).isEqualTo(200);

            assertThat(idsOf(api.get("/heroes/").json())).containsExactly(kept);
            assertThat(idsOf(api.get("/heroes/?include=team&name=Gone").json())).isEmpty();
            assertThat(idsOf(api.get("/teams/" + team).json().get("heroes"))).containsExactly(kept);
            assertThat(idsOf(api.get("/teams/?include=heroes").json().get(0).get("heroes")))
                    .containsExactly(kept);
            assertThat(api.patch("/heroes/" + gone, Map.of("age", 3)).status()).isEqualTo(404);
            assertThat(api.delete("/heroes/" + gone).status()).isEqualTo(404);
            boolean keptInTable = app.database()
                    .read("test", dsl -> dsl.fetchExists(HERO, HERO.ID.eq(gone).and(HERO.DELETED_AT.isNotNull())));
            assertThat(keptInTable).isTrue();
        }
    }

    @OnBothDatabases
    void aDeletedTeamIsKeptButNoHeroCanJoinIt(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Gone");
            long hero = createHero(api, "Loner", null, null);
            assertThat(api.delete("/teams/" + team).status()).isEqualTo(200);

            assertThat(api.post("/heroes/", Map.of("name", "A", "secret_name", "B", "team_id", team))
                            .json()
                            .at("/detail/0/type")
                            .asText())
                    .isEqualTo("foreign_key");
            assertThat(api.patch("/heroes/" + hero, Map.of("team_id", team))
                            .json()
                            .at("/detail/0/type")
                            .asText())
                    .isEqualTo("foreign_key");
            assertThat(api.get("/teams/").json()).isEmpty();
            assertThat(api.get("/heroes/" + hero).json().get("team").isNull()).isTrue();
            boolean keptInTable = app.database()
                    .read("test", dsl -> dsl.fetchExists(TEAM, TEAM.ID.eq(team).and(TEAM.DELETED_AT.isNotNull())));
            assertThat(keptInTable).isTrue();
        }
    }
}
