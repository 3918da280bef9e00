package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker every test's client runs: it passes what the contract answers and fails anything else. */
class OpenApiCheckTest {

    private static final String HERO = """
            {"name":"Deadpond","age":null,"team_id":null,"id":1}""";
    private static final String TEAM = """
            {"name":"Preventers","id":2}""";
    /** A hero whose last key is %s (its team, its secret). */
    private static final String HERO_AND = """
            {"name":"Deadpond","age":null,"team_id":null,"id":1,%s}""";

    private final OpenApiCheck check = OpenApiCheck.bundled();

    @Test
    void passesTheContractsBodies() {
        assertThat(problems(json("POST", "/heroes/", 200, HERO))).isEmpty();
        assertThat(problems(json("GET", "/heroes?offset=1&limit=2", 200, "[" + HERO + "," + HERO + "]")))
                .isEmpty();
        assertThat(problems(json("GET", "/heroes/1/", 200, HERO_AND.formatted("""
                "team":null"""))))
                .isEmpty();
        assertThat(problems(json("GET", "/heroes/1", 200, HERO_AND.formatted("""
                "team":%s""".formatted(TEAM)))))
                .isEmpty();
        assertThat(problems(json("GET", "/teams/2", 200, """
                {"name":"Preventers","id":2,"heroes":[%s]}""".formatted(HERO)))).isEmpty();
        assertThat(problems(json("PATCH", "/teams/2", 200, TEAM))).isEmpty();
        assertThat(problems(json("DELETE", "/teams/2", 200, """
                {"ok":true}"""))).isEmpty();
        assertThat(problems(json("GET", "/heroes/9", 404, """
                {"detail":"Hero not found"}"""))).isEmpty();
        assertThat(problems(json("POST", "/heroes", 413, """
                {"detail":"Request body is larger than 1048576 bytes"}"""))).isEmpty();
        assertThat(problems(json("GET", "/heroes/?limit=101", 422, """
                {"detail":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100",
                "input":"101","ctx":{"le":100}},{"type":"json_invalid","loc":["body",3],"msg":"JSON decode error","input":{}}]}
                """))).isEmpty();
    }

    @Test
    void passesTheRoutersAnswersAndTheDocumentationRoutes() {
        assertThat(problems(json("GET", "/nowhere", 404, """
                {"detail":"Not Found"}"""))).isEmpty();
        assertThat(problems(json("GET", "/heroes/1/team", 404, """
                {"detail":"Not Found"}"""))).isEmpty();
        assertThat(problems(response("PUT", "/heroes/", 405, "application/json", """
                                {"detail":"Method Not Allowed"}""", "GET, POST")))
                .isEmpty();
        assertThat(problems(response("GET", "/docs", 200, "text/html; charset=utf-8", "<!DOCTYPE html>", null)))
                .isEmpty();
        assertThat(problems(response("POST", "/openapi.json", 405, "application/json", """
                                {"detail":"Method Not Allowed"}""", "GET")))
                .isEmpty();
    }

    @Test
    void failsAHeroMissingItsIdOrCarryingItsSecret() {
        assertThat(problems(json("POST", "/heroes/", 200, """
                {"name":"Deadpond","age":null,"team_id":null}"""))).containsExactly("$: missing required key 'id'");
        assertThat(problems(json("GET", "/heroes/1", 200, HERO_AND.formatted("""
                "secret_name":"Dive Wilson\""""))))
                .containsExactly("$.secret_name: key not in the schema");
        assertThatThrownBy(() -> check.accept(json("PATCH", "/heroes/1", 200, """
                {"name":"Deadpond"}""")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PATCH /heroes/1 answered 200")
                .hasMessageContaining("missing required key 'id'");
    }

    @Test
    void failsWrongTypesAtAnyDepth() {
        assertThat(problems(json("POST", "/heroes/", 200, """
                {"name":"Deadpond","age":"12","team_id":null,"id":1}""")))
                .singleElement()
                .asString()
                .startsWith("$.age: matches no branch of anyOf");
        assertThat(problems(json("GET", "/heroes/", 200, HERO)))
                .singleElement()
                .asString()
                .startsWith("$: expected \"array\", got object");
        assertThat(problems(json("GET", "/heroes/1", 200, HERO_AND.formatted("""
                "team":{"name":"Preventers"}"""))))
                .singleElement()
                .asString()
                .contains("missing required key 'id'");
        assertThat(problems(json("GET", "/teams/2", 200, """
                {"name":"Preventers","id":2,"heroes":[{"id":1}]}""")))
                .containsExactly("$.heroes[0]: missing required key 'name'");
        assertThat(problems(json("GET", "/teams/2", 200, TEAM.replace("2", "2.5"))))
                .singleElement()
                .asString()
                .startsWith("$.id: expected \"integer\"");
        assertThat(problems(json("GET", "/heroes/x", 422, """
                {"detail":"Hero not found"}""")))
                .singleElement()
                .asString()
                .startsWith("$.detail: expected \"array\"");
    }

    @Test
    void failsAStatusOrContentTypeTheDocumentDoesNotList() {
        assertThat(problems(json("GET", "/heroes/", 404, """
                {"detail":"Hero not found"}""")))
                .singleElement()
                .asString()
                .startsWith("status 404 is not documented for GET /heroes/");
        assertThat(problems(json("GET", "/heroes/1", 500, """
                {"detail":"Internal Server Error"}""")))
                .singleElement()
                .asString()
                .startsWith("status 500 is not documented");
        assertThat(problems(response("GET", "/heroes/1", 200, "text/plain", HERO, null)))
                .containsExactly("Content-Type 'text/plain' is not documented (it documents [application/json])");
    }

    @Test
    void failsAnUndocumentedPathOrMethodThatAnswers() {
        assertThat(problems(json("GET", "/heroes/1/team", 200, TEAM)))
                .singleElement()
                .asString()
                .startsWith("expected the router's 404");
        assertThat(problems(json("GET", "/nowhere", 404, """
                {"detail":"Hero not found"}""")))
                .singleElement()
                .asString()
                .startsWith("""
                        expected the body {"detail":"Not Found"}""");
        assertThat(problems(json("PUT", "/heroes/1", 200, HERO)))
                .first()
                .asString()
                .startsWith("expected the router's 405");
        assertThat(problems(response("PUT", "/heroes/1", 405, "application/json", """
                                {"detail":"Method Not Allowed"}""", "GET, PATCH")))
                .containsExactly("Allow is [GET, PATCH], but the documented methods are [DELETE, GET, PATCH]");
    }

    private List<String> problems(ApiResponse response) {
        return check.problems(response);
    }

    private static ApiResponse json(String method, String path, int status, String body) {
        return response(method, path, status, "application/json", body, null);
    }

    private static ApiResponse response(
            String method, String path, int status, String contentType, String body, String allow) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of(contentType));
        if (allow != null) {
            headers.put("Allow", List.of(allow));
        }
        JsonNode json = contentType.startsWith("application/json") ? parse(body) : null;
        return new ApiResponse(method, path, status, HttpHeaders.of(headers, (name, value) -> true), body, json);
    }

    private static JsonNode parse(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
