package dev.heroes.api.validation;

import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.SharedApp;
import dev.heroes.support.TestApp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per row of the contract's error table, comparing whole 422 bodies. Rows that the
 * database decides (unknown team_id, PATCH with null name) run on both databases; the others are
 * settled before any SQL runs, so SQLite alone shows them.
 */
class ValidationErrorsTest {

    private static final String INT_PARSING = """
            {"type":"int_parsing","loc":["%s","%s"],\
            "msg":"Input should be a valid integer, unable to parse string as an integer","input":"%s"}""";

    /** A 422 body listing these errors. */
    private static String detail(String... errors) {
        return """
                {"detail":[%s]}""".formatted(String.join(",", errors));
    }

    /** The int_parsing error for a string input at this location. */
    private static String intParsing(String where, String field, String input) {
        return INT_PARSING.formatted(where, field, input);
    }

    @RegisterExtension
    static final SharedApp APP = new SharedApp(Backend.SQLITE);

    @Test
    void missingFieldsAreListedInTheModelsOrderWithTheWholeBodyAsInput() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", """
                {"age":3}""", Map.of());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).isEqualTo("""
                        {"detail":[\
                        {"type":"missing","loc":["body","name"],"msg":"Field required","input":{"age":3}},\
                        {"type":"missing","loc":["body","secret_name"],"msg":"Field required","input":{"age":3}}]}""");
    }

    @Test
    void noBodyOrANullBodyIsAMissingBody() {
        String expected = """
                {"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}""";

        assertThat(APP.client().raw("POST", "/heroes/", null, Map.of()).body()).isEqualTo(expected);
        assertThat(APP.client().raw("POST", "/teams/", "null", Map.of()).body()).isEqualTo(expected);
        assertThat(APP.client().raw("POST", "/teams/", "", Map.of()).status()).isEqualTo(422);
    }

    @Test
    void aPathIdThatIsNotAnIntegerIsAnIntParsingError() {
        ApiResponse response = APP.client().get("/heroes/abc");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).isEqualTo(detail(intParsing("path", "hero_id", "abc")));
        assertThat(APP.client().delete("/teams/1.5").body()).isEqualTo(detail(intParsing("path", "team_id", "1.5")));
    }

    @Test
    void aBodyStringThatIsNotAnIntegerIsAnIntParsingError() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", """
                        {"name":"a","secret_name":"b","age":"old"}""", Map.of());

        assertThat(response.body()).isEqualTo(detail(intParsing("body", "age", "old")));
    }

    @Test
    void aFractionalNumberForAnIntegerIsAnIntFromFloatError() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", """
                {"name":"a","secret_name":"b","age":42.5}""", Map.of());

        assertThat(response.body()).isEqualTo("""
                        {"detail":[{"type":"int_from_float","loc":["body","age"],\
                        "msg":"Input should be a valid integer, got a number with a fractional part","input":42.5}]}""");
    }

    @Test
    void integersFollowPydanticsLaxRules() {
        long team = createTeam(APP.client(), "Lax");
        for (String age : List.of("42", "42.0", "'42'", "' 42 '", "'+42'", "'4_2'", "'42.00'")) {
            ApiResponse response =
                    APP.client().raw("POST", "/heroes/", """
                            {"name":"a","secret_name":"b","age":%s,"team_id":"%d"}""".formatted(age.replace('\'', '"'), team), Map.of());
            assertThat(response.status()).as(age).isEqualTo(200);
            assertThat(response.json().get("age").asLong()).as(age).isEqualTo(42);
        }
        for (String age : List.of("'4 2'", "'_42'", "'0x2A'", "''", "'42.5'")) {
            assertThat(APP.client()
                            .raw("POST", "/heroes/", """
                                    {"name":"a","secret_name":"b","age":%s}""".formatted(age.replace('\'', '"')), Map.of())
                            .json()
                            .at("/detail/0/type")
                            .asText())
                    .as(age)
                    .isEqualTo("int_parsing");
        }
        assertThat(APP.client()
                        .raw("POST", "/heroes/", """
                                {"name":"a","secret_name":"b","age":[1]}""", Map.of())
                        .json()
                        .at("/detail/0/type")
                        .asText())
                .isEqualTo("int_type");
    }

    @Test
    void aNonStringForAStringIsAStringTypeErrorForEachField() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", """
                {"name":42,"secret_name":{"a":1},"age":"x"}""", Map.of());

        assertThat(response.body()).isEqualTo(detail("""
                        {"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":42}""", intParsing("body", "age", "x"), """
                        {"type":"string_type","loc":["body","secret_name"],"msg":"Input should be a valid string",\
                        "input":{"a":1}}"""));
        assertThat(APP.client()
                        .raw("POST", "/teams/", """
                                {"name":true}""", Map.of())
                        .json()
                        .at("/detail/0/type")
                        .asText())
                .isEqualTo("string_type");
        assertThat(APP.client()
                        .raw("POST", "/teams/", """
                                {"name":null}""", Map.of())
                        .json()
                        .at("/detail/0/type")
                        .asText())
                .isEqualTo("string_type");
    }

    @Test
    void aLimitAboveOneHundredIsALessThanEqualError() {
        ApiResponse response = APP.client().get("/heroes/?limit=101");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).isEqualTo("""
                        {"detail":[{"type":"less_than_equal","loc":["query","limit"],\
                        "msg":"Input should be less than or equal to 100","input":"101","ctx":{"le":100}}]}""");
    }

    @Test
    void aNegativeOffsetOrLimitIsAGreaterThanEqualError() {
        ApiResponse response = APP.client().get("/teams/?offset=-1&limit=-5");

        assertThat(response.body()).isEqualTo("""
                        {"detail":[\
                        {"type":"greater_than_equal","loc":["query","offset"],\
                        "msg":"Input should be greater than or equal to 0","input":"-1","ctx":{"ge":0}},\
                        {"type":"greater_than_equal","loc":["query","limit"],\
                        "msg":"Input should be greater than or equal to 0","input":"-5","ctx":{"ge":0}}]}""");
        assertThat(APP.client().get("/heroes/?offset=abc").body())
                .isEqualTo(detail(intParsing("query", "offset", "abc")));
    }

    @Test
    void brokenJsonIsAJsonInvalidErrorAtTheCharacterWhereParsingFailed() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", """
                {"name": }""", Map.of());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("json_invalid");
        assertThat(response.json().at("/detail/0/loc").toString()).isEqualTo("""
                ["body",9]""");
        assertThat(response.json().at("/detail/0/msg").asText()).isEqualTo("JSON decode error");
        assertThat(response.json().at("/detail/0/input").toString()).isEqualTo("{}");
        assertThat(response.json().at("/detail/0/ctx/error").asText()).isNotBlank();
        assertThat(APP.client()
                        .raw("POST", "/heroes/", "{bad", Map.of())
                        .json()
                        .at("/detail/0/loc")
                        .toString())
                .isEqualTo("""
                        ["body",1]""");
        assertThat(APP.client()
                        .raw("POST", "/teams/", """
                                {"name":"a"} x""", Map.of())
                        .json()
                        .at("/detail/0/type")
                        .asText())
                .isEqualTo("json_invalid");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAModelAttributesTypeError() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", "[1,2]", Map.of());

        assertThat(response.body()).isEqualTo("""
                        {"detail":[{"type":"model_attributes_type","loc":["body"],\
                        "msg":"Input should be a valid dictionary or object to extract fields from","input":[1,2]}]}""");
        assertThat(APP.client()
                        .raw("POST", "/teams/", """
                                "Preventers\"""", Map.of())
                        .json()
                        .at("/detail/0/input")
                        .asText())
                .isEqualTo("Preventers");
        ApiResponse form = APP.client()
                .raw("POST", "/teams/", "name=x", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.json().at("/detail/0/type").asText()).isEqualTo("model_attributes_type");
        assertThat(form.json().at("/detail/0/input").asText()).isEqualTo("name=x");
    }

    @OnBothDatabases
    void anUnknownTeamIdIsAForeignKeyErrorAndStoresNothing(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient client = app.client();
            String expected = """
                    {"detail":[{"type":"foreign_key","loc":["body","team_id"],"msg":"Team not found","input":%s}]}""";

            ApiResponse created = client.raw("POST", "/heroes/", """
                    {"name":"a","secret_name":"b","team_id":999}""", Map.of());
            assertThat(created.status()).isEqualTo(422);
            assertThat(created.body()).isEqualTo(expected.formatted("999"));
            assertThat(client.raw("POST", "/heroes/", """
                                    {"name":"a","secret_name":"b","team_id":"99999999999999999999"}""", Map.of()).body()).isEqualTo(expected.formatted("""
                    "99999999999999999999\""""));
            assertThat(client.get("/heroes/").json()).isEmpty();

            long hero = createHero(client, "Deadpond", 30L, null);
            ApiResponse patched = client.raw("PATCH", "/heroes/" + hero, """
                    {"age":31,"team_id":12}""", Map.of());
            assertThat(patched.body()).isEqualTo(expected.formatted("12"));
            assertThat(client.get("/heroes/" + hero).json().get("age").asLong()).isEqualTo(30);
        }
    }

    @OnBothDatabases
    void patchWithNullNameOrSecretIsAStringTypeErrorAndChangesNothing(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            ApiClient client = app.client();
            long team = createTeam(client, "Preventers");
            long hero = createHero(client, "Deadpond", 30L, null);
            Map<String, Object> nulls = new HashMap<>();
            nulls.put("name", null);
            nulls.put("secret_name", null);
            nulls.put("age", 31);

            ApiResponse response = client.patch("/heroes/" + hero, nulls);

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.body()).isEqualTo("""
                            {"detail":[\
                            {"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":null},\
                            {"type":"string_type","loc":["body","secret_name"],"msg":"Input should be a valid string",\
                            "input":null}]}""");
            assertThat(client.get("/heroes/" + hero).json().get("age").asLong()).isEqualTo(30);
            Map<String, Object> nullName = new HashMap<>();
            nullName.put("name", null);
            assertThat(client.patch("/teams/" + team, nullName).status()).isEqualTo(422);
            assertThat(client.get("/teams/" + team).json().get("name").asText()).isEqualTo("Preventers");
        }
    }

    @Test
    void errorsComeInPathQueryBodyOrder() {
        ApiResponse response = APP.client().raw("PATCH", "/heroes/x", """
                {"age":"y"}""", Map.of());

        assertThat(response.body())
                .isEqualTo(detail(intParsing("path", "hero_id", "x"), intParsing("body", "age", "y")));
    }

    @Test
    void aStringWithANulCharacterIsRefusedOnEveryDatabase() {
        ApiResponse response = APP.client().raw("POST", "/teams/", """
                {"name":"a\\u0000b"}""", Map.of());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("value_error");
        assertThat(response.json().at("/detail/0/loc").toString()).isEqualTo("""
                ["body","name"]""");
    }

    @Test
    void integersBeyondInt64AreRefusedNotTruncated() {
        ApiResponse response = APP.client().raw("POST", "/heroes/", """
                        {"name":"a","secret_name":"b","age":9223372036854775808}""", Map.of());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/detail/0/type").asText()).isEqualTo("less_than_equal");
        assertThat(response.json().at("/detail/0/ctx/le").asLong()).isEqualTo(Long.MAX_VALUE);
    }
}
