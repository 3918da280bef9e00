package dev.heroes.hero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.Map;

class HeroRoutesTest {

    @OnBothDatabases
    void createsAHeroAndReadsItBack(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient api = app.client();
            ApiResponse created = api.post("/heroes/", Map.of("name", "Deadpond", "secret_name", "Dive Wilson"));

            assertThat(created.status()).isEqualTo(200);
            assertThat(created.header("Content-Type")).isEqualTo("application/json");
            long id = created.json().get("id").asLong();
            assertThat(created.body()).isEqualTo("{\"name\":\"Deadpond\",\"age\":null,\"team_id\":null,\"id\":" + id + "}");
            assertThat(api.get("/heroes/" + id).body())
                    .isEqualTo("{\"name\":\"Deadpond\",\"age\":null,\"team_id\":null,\"id\":" + id + ",\"team\":null}");
        }
    }
}
