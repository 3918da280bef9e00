package dev.heroes.hero;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static dev.heroes.support.Fixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Beyond the guide: filters, keyset pages with a Link to the next one, and heroes listed with their team. */
class HeroListTest {

    @OnBothDatabases
    void filtersByNameTeamAndAgeRange(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long young = createHero(api, "Deadpond", 20L, team);
            long old = createHero(api, "Rusty-Man", 48L, team);
            long loner = createHero(api, "Deadpond", 35L, null);
            createHero(api, "Ageless", null, null);

            assertThat(idsOf(api.get("/heroes/?name=Deadpond").json())).containsExactly(young, loner);
            assertThat(idsOf(api.get("/heroes/?team_id=" + team).json())).containsExactly(young, old);
            assertThat(idsOf(api.get("/heroes/?min_age=30").json())).containsExactly(old, loner);
            assertThat(idsOf(api.get("/heroes/?min_age=21&max_age=40").json())).containsExactly(loner);
            assertThat(idsOf(api.get("/heroes/?name=Deadpond&team_id=" + team + "&max_age=20")
                            .json()))
                    .containsExactly(young);
            assertThat(idsOf(api.get("/heroes/?name=Nobody").json())).isEmpty();
            assertThat(idsOf(api.get("/heroes/?team_id=99999999999999999999").json()))
                    .isEmpty();
        }
    }

    @OnBothDatabases
    void walksEveryPageByKeysetFollowingTheLinkHeader(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                created.add(createHero(api, "Hero " + i, (long) i, null));
            }

            List<Long> walked = new ArrayList<>();
            String next = "/heroes/?limit=3&min_age=0";
            int pages = 0;
            while (next != null) {
                ApiResponse page = api.get(next);
                walked.addAll(idsOf(page.json()));
                next = nextLink(page);
                pages++;
            }

            assertThat(walked).isEqualTo(created);
            assertThat(pages).isEqualTo(3);
            assertThat(idsOf(api.get("/heroes/?after_id=" + created.get(4)).json()))
                    .isEqualTo(created.subList(5, 7));
            assertThat(api.get("/heroes/?limit=3").header("Link"))
                    .isEqualTo("</heroes/?limit=3&after_id=" + created.get(2) + ">; rel=\"next\"");
            assertThat(api.get("/heroes/?after_id=" + created.get(6)).header("Link"))
                    .isNull();
        }
    }

    @OnBothDatabases
    void includesEachHerosTeamOnRequest(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            createHero(api, "Rusty-Man", 48L, team);
            createHero(api, "Deadpond", null, null);

            JsonNode heroes = api.get("/heroes/?include=team").json();

            assertThat(heroes.get(0).get("team").get("name").asText()).isEqualTo("Preventers");
            assertThat(heroes.get(1).get("team").isNull()).isTrue();
            assertThat(api.get("/heroes/").json().get(0).has("team")).isFalse();
        }
    }

    @Test
    void invalidFiltersAreListedInTheContractsFormat() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiResponse response = app.client().get("/heroes/?min_age=old&after_id=-1&include=teams");

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.body()).isEqualTo("""
                            {"detail":[\
                            {"type":"greater_than_equal","loc":["query","after_id"],\
                            "msg":"Input should be greater than or equal to 0","input":"-1","ctx":{"ge":0}},\
                            {"type":"int_parsing","loc":["query","min_age"],\
                            "msg":"Input should be a valid integer, unable to parse string as an integer","input":"old"},\
                            {"type":"literal_error","loc":["query","include"],\
                            "msg":"Input should be 'team'","input":"teams","ctx":{"expected":"'team'"}}]}""");
        }
    }

    private static String nextLink(ApiResponse page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        assertThat(link).endsWith(">; rel=\"next\"");
        return link.substring(1, link.indexOf('>'));
    }
}
