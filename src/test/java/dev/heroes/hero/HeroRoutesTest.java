package dev.heroes.hero;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class HeroRoutesTest {

    @OnBothDatabases
    void createsAHeroWithItsFieldsInTheContractsOrder(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            ApiResponse created = api.post("/heroes/", Map.of("name", "Deadpond", "secret_name", "Dive Wilson"));

            assertThat(created.status()).isEqualTo(200);
            assertThat(created.header("Content-Type")).isEqualTo("application/json");
            long id = created.json().get("id").asLong();
            assertThat(created.body()).isEqualTo("""
                            {"name":"Deadpond","age":null,"team_id":null,"id":%d}""".formatted(id));
            assertThat(api.get("/heroes/" + id).body()).isEqualTo("""
                            {"name":"Deadpond","age":null,"team_id":null,"id":%d,"team":null}""".formatted(id));
        }
    }

    @OnBothDatabases
    void ignoresAClientSentIdAndUnknownKeys(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long first = createHero(api, "Spider-Boy", null, null);
            ApiResponse created = api.post(
                    "/heroes/",
                    Map.of("id", first, "name", "Rusty-Man", "secret_name", "Tommy Sharp", "is_admin", true));

            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().get("id").asLong()).isNotEqualTo(first);
            assertThat(created.json().has("is_admin")).isFalse();
            assertThat(api.get("/heroes/" + first).json().get("name").asText()).isEqualTo("Spider-Boy");
        }
    }

    @OnBothDatabases
    void acceptsPydanticsLaxIntegers(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            ApiResponse created = api.post(
                    "/heroes/",
                    Map.of("name", "Rusty-Man", "secret_name", "Tommy Sharp", "age", "48", "team_id", (double) team));

            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().get("age").asLong()).isEqualTo(48);
            assertThat(created.json().get("team_id").asLong()).isEqualTo(team);
        }
    }

    @OnBothDatabases
    void readsAHeroWithItsTeamNested(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long hero = createHero(api, "Rusty-Man", 48L, team);

            JsonNode read = api.get("/heroes/" + hero).json();

            assertThat(read.get("team").get("name").asText()).isEqualTo("Preventers");
            assertThat(read.get("team").get("id").asLong()).isEqualTo(team);
            assertThat(read.get("team").has("heroes")).isFalse();
            assertThat(fieldNames(read)).containsExactly("name", "age", "team_id", "id", "team");
        }
    }

    @OnBothDatabases
    void listsHeroesByIdWithOffsetAndLimit(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(createHero(api, "Hero " + i, (long) i, null));
            }

            assertThat(idsOf(api.get("/heroes/").json())).isEqualTo(ids);
            assertThat(idsOf(api.get("/heroes?offset=1&limit=2").json())).isEqualTo(ids.subList(1, 3));
            assertThat(idsOf(api.get("/heroes/?limit=0").json())).isEmpty();
            assertThat(idsOf(api.get("/heroes/?offset=5").json())).isEmpty();
            assertThat(idsOf(api.get("/heroes/?offset=99999999999999999999999").json()))
                    .isEmpty();
            assertThat(idsOf(api.get("/heroes/?limit=100").json())).hasSize(5);
        }
    }

    @OnBothDatabases
    void listsAtMostOneHundredByDefault(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            for (int i = 0; i < 105; i++) {
                createHero(api, "Hero " + i, null, null);
            }

            assertThat(api.get("/heroes/").json()).hasSize(100);
            assertThat(api.get("/heroes/?offset=100").json()).hasSize(5);
        }
    }

    @OnBothDatabases
    void patchChangesOnlyTheKeysSent(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long hero = createHero(api, "Rusty-Man", 48L, team);

            ApiResponse aged = api.patch("/heroes/" + hero, Map.of("age", 49));
            assertThat(aged.status()).isEqualTo(200);
            assertThat(aged.body()).isEqualTo("""
                            {"name":"Rusty-Man","age":49,"team_id":%d,"id":%d}""".formatted(team, hero));

            ApiResponse unchanged = api.patch("/heroes/" + hero, Map.of());
            assertThat(unchanged.body()).isEqualTo(aged.body());

            Map<String, Object> nulls = new HashMap<>();
            nulls.put("age", null);
            nulls.put("team_id", null);
            ApiResponse cleared = api.patch("/heroes/" + hero + "/", nulls);
            assertThat(cleared.body()).isEqualTo("""
                            {"name":"Rusty-Man","age":null,"team_id":null,"id":%d}""".formatted(hero));

            ApiResponse renamed = api.patch("/heroes/" + hero, Map.of("name", "Rusty", "secret_name", "T. Sharp"));
            assertThat(renamed.json().get("name").asText()).isEqualTo("Rusty");
            assertThat(api.get("/heroes/" + hero).json().get("age").isNull()).isTrue();
        }
    }

    @OnBothDatabases
    void patchOfAnUnknownHeroIsA404(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiResponse response = app.client().patch("/heroes/12345", Map.of("age", 1));

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("""
                    {"detail":"Hero not found"}""");
        }
    }

    @OnBothDatabases
    void deletesAHeroOnce(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long hero = createHero(api, "Deadpond", null, null);

            ApiResponse deleted = api.delete("/heroes/" + hero);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.body()).isEqualTo("""
                    {"ok":true}""");

            assertThat(api.delete("/heroes/" + hero).status()).isEqualTo(404);
            assertThat(api.get("/heroes/" + hero).body()).isEqualTo("""
                    {"detail":"Hero not found"}""");
            assertThat(api.get("/heroes/").json()).isEmpty();
        }
    }

    @OnBothDatabases
    void twoHeroesMayShareAName(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long first = createHero(api, "Deadpond", null, null);
            long second = createHero(api, "Deadpond", null, null);

            assertThat(second).isNotEqualTo(first);
            assertThat(api.get("/heroes/").json()).hasSize(2);
        }
    }
}
