package dev.heroes.team;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static dev.heroes.support.Fixtures.fieldNames;
import static dev.heroes.support.Fixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.List;
import java.util.Map;

class TeamRoutesTest {

    @OnBothDatabases
    void createsATeam(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiResponse created = app.client().post("/teams", Map.of("name", "Preventers", "id", 7));

            assertThat(created.status()).isEqualTo(200);
            long id = created.json().get("id").asLong();
            assertThat(created.body()).isEqualTo("""
                    {"name":"Preventers","id":%d}""".formatted(id));
        }
    }

    @OnBothDatabases
    void readsATeamWithItsHeroesOrderedById(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long other = createTeam(api, "Z-Force");
            long first = createHero(api, "Rusty-Man", 48L, team);
            createHero(api, "Black Lion", null, other);
            long second = createHero(api, "Deadpond", null, team);

            JsonNode read = api.get("/teams/" + team).json();

            assertThat(fieldNames(read)).containsExactly("name", "id", "heroes");
            assertThat(idsOf(read.get("heroes"))).containsExactly(first, second);
            assertThat(fieldNames(read.get("heroes").get(0))).containsExactly("name", "age", "team_id", "id");
            assertThat(read.get("heroes").get(0).get("age").asLong()).isEqualTo(48);
        }
    }

    @OnBothDatabases
    void readsATeamWithoutHeroes(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            long team = createTeam(app.client(), "Preventers");

            assertThat(app.client().get("/teams/" + team + "/").body()).isEqualTo("""
                            {"name":"Preventers","id":%d,"heroes":[]}""".formatted(team));
        }
    }

    @OnBothDatabases
    void listsTeamsByIdWithOffsetAndLimit(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long a = createTeam(api, "A");
            long b = createTeam(api, "B");
            long c = createTeam(api, "C");

            assertThat(idsOf(api.get("/teams/").json())).containsExactly(a, b, c);
            assertThat(idsOf(api.get("/teams?offset=1&limit=1").json())).containsExactly(b);
            assertThat(api.get("/teams/?limit=0").body()).isEqualTo("[]");
        }
    }

    @OnBothDatabases
    void patchRenamesOrChangesNothing(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");

            assertThat(api.patch("/teams/" + team, Map.of()).body()).isEqualTo("""
                            {"name":"Preventers","id":%d}""".formatted(team));
            assertThat(api.patch("/teams/" + team, Map.of("name", "Avengers", "id", 99))
                            .body())
                    .isEqualTo("""
                            {"name":"Avengers","id":%d}""".formatted(team));
            assertThat(api.get("/teams/" + team).json().get("name").asText()).isEqualTo("Avengers");
            assertThat(api.patch("/teams/999", Map.of("name", "X")).body()).isEqualTo("""
                            {"detail":"Team not found"}""");
        }
    }

    @OnBothDatabases
    void deletingATeamKeepsItsHeroesDetached(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long hero = createHero(api, "Rusty-Man", 48L, team);

            ApiResponse deleted = api.delete("/teams/" + team);

            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.body()).isEqualTo("""
                    {"ok":true}""");
            JsonNode kept = api.get("/heroes/" + hero).json();
            assertThat(kept.get("team_id").isNull()).isTrue();
            assertThat(kept.get("team").isNull()).isTrue();
            assertThat(api.get("/teams/" + team).status()).isEqualTo(404);
            assertThat(api.delete("/teams/" + team).body()).isEqualTo("""
                    {"detail":"Team not found"}""");
            assertThat(idsOf(api.get("/heroes/").json())).isEqualTo(List.of(hero));
        }
    }
}
