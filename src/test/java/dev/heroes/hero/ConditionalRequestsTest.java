package dev.heroes.hero;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.Map;

/** ETag on one-row answers, If-Match on PATCH and DELETE: a stale tag is a 412 and changes nothing. */
class ConditionalRequestsTest {

    private static ApiResponse send(ApiClient api, String method, String path, String body, String ifMatch) {
        return api.raw(method, path, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    @OnBothDatabases
    void aHerosTagChangesWithEveryWriteAndGuardsTheNext(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long hero = createHero(api, "Deadpond", 30L, null);
            String created = api.get("/heroes/" + hero).header("ETag");
            assertThat(created).isEqualTo("\"1\"");

            ApiResponse patched = send(api, "PATCH", "/heroes/" + hero, """
                    {"age":31}""", created);
            assertThat(patched.status()).isEqualTo(200);
            String current = patched.header("ETag");
            assertThat(current)
                    .isEqualTo("\"2\"")
                    .isEqualTo(api.get("/heroes/" + hero).header("ETag"));

            ApiResponse stale = send(api, "PATCH", "/heroes/" + hero, """
                    {"age":99}""", created);
            assertThat(stale.status()).isEqualTo(412);
            assertThat(stale.body()).isEqualTo("""
                            {"detail":"Hero has changed: If-Match does not match its current ETag"}""");
            assertThat(send(api, "DELETE", "/heroes/" + hero, null, created).status())
                    .isEqualTo(412);
            assertThat(send(api, "DELETE", "/heroes/" + hero, null, "W/" + current)
                            .status())
                    .isEqualTo(412);
            assertThat(api.get("/heroes/" + hero).json().get("age").asLong()).isEqualTo(31);

            assertThat(send(api, "PATCH", "/heroes/" + hero, "{}", "\"7\", " + current)
                            .status())
                    .isEqualTo(200);
            assertThat(send(api, "PATCH", "/heroes/" + hero, """
                    {"age":32}""", "*").header("ETag"))
                    .isEqualTo("\"3\"");
            assertThat(send(api, "DELETE", "/heroes/" + hero, null, "\"3\"").status())
                    .isEqualTo(200);
            assertThat(send(api, "DELETE", "/heroes/" + hero, null, "*").status())
                    .isEqualTo(404);
        }
    }

    @OnBothDatabases
    void aListOfTagsOfAnyLengthMatchesWhenItNamesTheCurrentOne(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long hero = createHero(api, "Deadpond", 30L, null);
            // Three, five and nine tags, the current one (version n) first, in the middle or last.
            for (int n = 1; n <= 3; n++) {
                String current = "\"" + n + "\"";
                String[] lists = {
                    current + ", \"70\", \"71\"",
                    "\"70\", \"71\", " + current + ", \"72\", \"73\"",
                    "\"70\", \"71\", \"72\", \"73\", \"74\", \"75\", \"76\", \"77\", " + current
                };
                String stale = "\"70\", \"71\", \"72\", \"" + (n + 1) + "\", \"" + (n + 100) + "\"";
                assertThat(send(api, "PATCH", "/heroes/" + hero, "{\"age\":99}", stale)
                                .status())
                        .as("PATCH with %s while at %s", stale, current)
                        .isEqualTo(412);
                assertThat(send(api, "PATCH", "/heroes/" + hero, "{}", lists[n - 1])
                                .status())
                        .as("an empty PATCH with %s", lists[n - 1])
                        .isEqualTo(200);
                ApiResponse patched = send(api, "PATCH", "/heroes/" + hero, "{\"age\":" + (40 + n) + "}", lists[n - 1]);
                assertThat(patched.status()).as("PATCH with %s", lists[n - 1]).isEqualTo(200);
                assertThat(patched.header("ETag")).isEqualTo("\"" + (n + 1) + "\"");
            }
            assertThat(api.get("/heroes/" + hero).json().get("age").asLong()).isEqualTo(43);
            assertThat(send(api, "DELETE", "/heroes/" + hero, null, "\"1\", \"2\", \"3\"")
                            .status())
                    .isEqualTo(412);
            assertThat(send(api, "DELETE", "/heroes/" + hero, null, "\"1\", \"2\", \"3\", \"4\", \"5\"")
                            .status())
                    .isEqualTo(200);
        }
    }

    @OnBothDatabases
    void aTeamIsGuardedTheSameWay(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            String tag = api.post("/teams/", Map.of("name", "Other")).header("ETag");
            assertThat(tag).isEqualTo("\"1\"");

            assertThat(send(api, "PATCH", "/teams/" + team, """
                    {"name":"A"}""", "\"1\"").status())
                    .isEqualTo(200);
            assertThat(send(api, "PATCH", "/teams/" + team, """
                    {"name":"B"}""", "\"1\"").status())
                    .isEqualTo(412);
            assertThat(send(api, "DELETE", "/teams/" + team, null, "\"1\"").status())
                    .isEqualTo(412);
            assertThat(api.get("/teams/" + team).json().get("name").asText()).isEqualTo("A");
            assertThat(send(api, "DELETE", "/teams/" + team, null, "\"2\"").status())
                    .isEqualTo(200);
        }
    }

    @OnBothDatabases
    void aGetNamingTheCurrentVersionInIfNoneMatchIsA304WithoutABody(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            long team = createTeam(api, "Preventers");
            long hero = createHero(api, "Deadpond", 30L, team);
            for (String path : new String[] {"/heroes/" + hero, "/teams/" + team}) {
                String tag = api.get(path).header("ETag");
                for (String held : new String[] {tag, "W/" + tag, "\"99\", " + tag, "*"}) {
                    ApiResponse unchanged = api.raw("GET", path, null, Map.of("If-None-Match", held));
                    assertThat(unchanged.status()).as(path + " with " + held).isEqualTo(304);
                    assertThat(unchanged.body()).isEmpty();
                    assertThat(unchanged.header("ETag")).isEqualTo(tag);
                }
                assertThat(api.raw("GET", path, null, Map.of("If-None-Match", "\"99\""))
                                .status())
                        .as("another version")
                        .isEqualTo(200);
            }

            String before = api.get("/heroes/" + hero).header("ETag");
            send(api, "PATCH", "/heroes/" + hero, """
                    {"age":31}""", null);
            ApiResponse changed = api.raw("GET", "/heroes/" + hero, null, Map.of("If-None-Match", before));
            assertThat(changed.status()).as("changed since").isEqualTo(200);
            assertThat(changed.json().get("age").asInt()).isEqualTo(31);
            assertThat(api.raw("GET", "/heroes/" + (hero + 1000), null, Map.of("If-None-Match", "*"))
                            .status())
                    .as("no such hero")
                    .isEqualTo(404);
        }
    }
}
