package dev.heroes.team;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static dev.heroes.support.Fixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import dev.heroes.support.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Beyond the guide: keyset pages of teams, and teams listed with their heroes, capped per team. */
class TeamListTest {

    @OnBothDatabases
    void listsTeamsAfterAnId(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long a = createTeam(api, "A");
            long b = createTeam(api, "B");
            long c = createTeam(api, "C");

            assertThat(idsOf(api.get("/teams/?after_id=" + a).json())).containsExactly(b, c);
            assertThat(api.get("/teams/?limit=2").header("Link"))
                    .isEqualTo("</teams/?limit=2&after_id=" + b + ">; rel=\"next\"");
        }
    }

    @OnBothDatabases
    void includesEachTeamsHeroesOrderedById(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long first = createTeam(api, "Preventers");
            long empty = createTeam(api, "Empty");
            long second = createTeam(api, "Z-Force");
            long h1 = createHero(api, "Rusty-Man", 48L, first);
            long h2 = createHero(api, "Black Lion", null, second);
            long h3 = createHero(api, "Deadpond", null, first);

            JsonNode teams = api.get("/teams/?include=heroes").json();

            assertThat(idsOf(teams)).containsExactly(first, empty, second);
            assertThat(idsOf(teams.get(0).get("heroes"))).containsExactly(h1, h3);
            assertThat(teams.get(1).get("heroes")).isEmpty();
            assertThat(idsOf(teams.get(2).get("heroes"))).containsExactly(h2);
            assertThat(api.get("/teams/").json().get(0).has("heroes")).isFalse();
        }
    }

    @Test
    void capsTheHeroesNestedPerTeamButNotInASingleTeam() {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer app =
                        TestServer.start(database, new ApiSettings(2, ApiSettings.DEFAULTS.idempotencyKeyTtl()))) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + app.port()));
            long team = createTeam(api, "Crowded");
            List<Long> heroes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                heroes.add(createHero(api, "Hero " + i, null, team));
            }

            assertThat(idsOf(api.get("/teams/?include=heroes").json().get(0).get("heroes")))
                    .isEqualTo(heroes.subList(0, 2));
            assertThat(idsOf(api.get("/teams/" + team).json().get("heroes"))).isEqualTo(heroes);
        }
    }
}
