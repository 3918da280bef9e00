package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows made through the API, as a client would make them, and small readers of responses. */
public final class Fixtures {

    private Fixtures() {}

    public static long createTeam(ApiClient api, String name) {
        ApiResponse response = api.post("/teams/", Map.of("name", name));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("id").asLong();
    }

    public static long createHero(ApiClient api, String name, Long age, Long teamId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("secret_name", "secret of " + name);
        body.put("age", age);
        body.put("team_id", teamId);
        ApiResponse response = api.post("/heroes/", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("id").asLong();
    }

    public static List<Long> idsOf(JsonNode list) {
        List<Long> ids = new ArrayList<>();
        list.forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    public static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
