package dev.heroes.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OpenApiSpec;
import dev.heroes.support.SharedApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /openapi.json}, {@code /docs} and {@code /redoc}, all served from the artifact. */
class ApiDocsTest {

    // The names generated clients take their method and type names from (CONTRACT.md, Documentation).
    private static final List<String> OPERATION_IDS = List.of(
            "read_heroes_heroes__get",
            "create_hero_heroes__post",
            "read_hero_heroes__hero_id__get",
            "update_hero_heroes__hero_id__patch",
            "delete_hero_heroes__hero_id__delete",
            "read_teams_teams__get",
            "create_team_teams__post",
            "read_team_teams__team_id__get",
            "update_team_teams__team_id__patch",
            "delete_team_teams__team_id__delete");
    private static final List<String> SCHEMA_NAMES = List.of(
            "HeroCreate",
            "HeroPublic",
            "HeroPublicWithTeam",
            "HeroUpdate",
            "TeamCreate",
            "TeamPublic",
            "TeamPublicWithHeroes",
            "TeamUpdate",
            "HTTPValidationError",
            "ValidationError",
            // Beyond the guide's: the one shape of every other error, {"detail": "..."}, which
            // FastAPI leaves undocumented; generated clients get one type for it.
            "HTTPError");

    // Where the pages' files are: under their webjars' versions, as pinned in the pom.
    private static final String SWAGGER_UI = "/docs/swagger-ui/5.34.1/";
    private static final String REDOC_JS = "/redoc/2.5.1/redoc.standalone.js";

    // Every URL a page names: attributes, and the spec URL given to Swagger UI in its script.
    private static final Pattern URL_IN_PAGE = Pattern.compile("(?:src|href|spec-url)=\"([^\"]*)\"|\\burl: '([^']*)'");

    // Nothing in the documentation depends on the database: one app, on SQLite, serves every test here.
    @RegisterExtension
    static final SharedApp APP = new SharedApp(Backend.SQLITE);

    @Test
    void servesTheOpenApiDocumentItShips() {
        ApiResponse response = APP.client().get("/openapi.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.json()).isEqualTo(OpenApiSpec.bundled().json());
    }

    @Test
    void isOpenApi31WithTheGuidesOperationIdsAndSchemaNames() {
        JsonNode spec = APP.client().get("/openapi.json").json();

        assertThat(spec.get("openapi").textValue()).startsWith("3.1.");
        assertThat(spec.at("/info/title").textValue()).isEqualTo("Heroes");
        assertThat(spec.at("/info/version").textValue())
                .as("filled in by Maven")
                .doesNotContain("${")
                .isNotBlank();
        assertThat(names(spec.get("paths")))
                .containsExactly("/heroes/", "/heroes/{hero_id}", "/teams/", "/teams/{team_id}");
        List<String> operationIds = new ArrayList<>();
        spec.get("paths")
                .forEach(path -> path.forEach(operation ->
                        operationIds.add(operation.get("operationId").textValue())));
        assertThat(operationIds).containsExactlyInAnyOrderElementsOf(OPERATION_IDS);
        assertThat(names(spec.at("/components/schemas"))).containsExactlyInAnyOrderElementsOf(SCHEMA_NAMES);
    }

    @Test
    void everyErrorButA422IsTheOneHttpErrorSchema() {
        JsonNode spec = APP.client().get("/openapi.json").json();
        List<String> errors = new ArrayList<>();
        spec.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(operation -> operation
                                .getValue()
                                .get("responses")
                                .properties()
                                .forEach(response -> {
                                    int status = Integer.parseInt(response.getKey());
                                    if (status >= 400 && status != 422) {
                                        errors.add(operation.getKey() + " " + path.getKey() + " " + status + " "
                                                + response.getValue()
                                                        .at("/content/application~1json/schema/$ref")
                                                        .asText());
                                    }
                                })));

        assertThat(errors)
                .isNotEmpty()
                .allSatisfy(error -> assertThat(error).endsWith(" #/components/schemas/HTTPError"));
        assertThat(spec.at("/components/schemas/HTTPError/required").toString()).isEqualTo("[\"detail\"]");
    }

    @Test
    void documentsListParametersAndBodiesAsFastApiDoes() {
        JsonNode spec = APP.client().get("/openapi.json").json();

        JsonNode list = spec.at("/paths/~1heroes~1/get");
        assertThat(list.get("summary").textValue()).isEqualTo("Read Heroes");
        assertThat(list.at("/parameters/0/name").textValue()).isEqualTo("offset");
        assertThat(list.at("/parameters/0/schema").toString()).isEqualTo("""
                        {"type":"integer","minimum":0,"default":0,"title":"Offset"}""");
        assertThat(list.at("/parameters/1/schema").toString()).isEqualTo("""
                        {"type":"integer","maximum":100,"minimum":0,"default":100,"title":"Limit"}""");
        // Items are HeroPublic, or HeroPublicWithTeam when the client asks for ?include=team.
        assertThat(list.at("/responses/200/content/application~1json/schema/items/anyOf/0/$ref")
                        .textValue())
                .isEqualTo("#/components/schemas/HeroPublic");
        assertThat(spec.at("/paths/~1heroes~1{hero_id}/patch/requestBody/content/application~1json/schema/$ref")
                        .textValue())
                .isEqualTo("#/components/schemas/HeroUpdate");
        assertThat(spec.at("/paths/~1teams~1{team_id}/get/parameters/0/schema").toString())
                .isEqualTo("""
                        {"type":"integer","title":"Team Id"}""");
        assertThat(spec.at("/components/schemas/HeroCreate/required").toString())
                .isEqualTo("""
                        ["name","secret_name"]""");
        assertThat(spec.at("/components/schemas/HeroPublic/properties/age").toString())
                .isEqualTo("""
                        {"anyOf":[{"type":"integer"},{"type":"null"}],"title":"Age"}""");
        assertThat(spec.at("/components/schemas/HeroPublic").toString()).doesNotContain("secret_name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs", "/docs/", "/redoc", "/redoc/"})
    void pagesLoadOnlyTheirOwnFilesFromThisService(String page) {
        ApiResponse response = APP.client().get(page);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(response.body())
                .as("no CDN, no web font: it must work offline")
                .doesNotContain("http://", "https://", "//cdn", "fonts.googleapis");
        List<String> urls = urlsIn(response.body());
        assertThat(urls)
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url).startsWith("/").doesNotStartWith("//"));
        assertThat(urls).contains("/openapi.json");
        for (String url : urls) {
            ApiResponse asset = APP.client().get(url);
            assertThat(asset.status()).as(url).isEqualTo(200);
            assertThat(asset.header("Content-Type")).as(url).isEqualTo(contentTypeOf(url));
            assertThat(asset.body()).as(url).isNotEmpty();
        }
    }

    @Test
    void swaggerUiAndRedocAreTheRealBundles() {
        assertThat(APP.client().get("/docs").body())
                .contains("<title>Heroes - Swagger UI</title>", "SwaggerUIBundle({");
        assertThat(APP.client().get(SWAGGER_UI + "swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
        assertThat(APP.client().get(SWAGGER_UI + "swagger-ui.css").body()).contains(".swagger-ui");
        assertThat(APP.client().get("/redoc").body())
                .contains("<title>Heroes - ReDoc</title>", "<redoc spec-url=\"/openapi.json\">");
        assertThat(APP.client().get(REDOC_JS).body())
                .contains("Redoc")
                .as("its one load from another host, Redocly's logo, is pointed at an empty image")
                .doesNotContain(ApiDocs.REDOCLY_LOGO_URL, "cdn.redoc.ly");
    }

    @Test
    void pagesForbidTheBrowserToLoadFromAnotherHost() {
        for (String page : List.of("/docs", "/redoc")) {
            assertThat(APP.client().get(page).header("Content-Security-Policy"))
                    .as(page)
                    .startsWith("default-src 'self';")
                    .contains("img-src 'self' data:;", "connect-src 'self';")
                    .doesNotContain("http", "*");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                SWAGGER_UI + "swagger-ui-bundle.js",
                SWAGGER_UI + "swagger-ui.css",
                SWAGGER_UI + "favicon-32x32.png",
                REDOC_JS
            })
    void filesNamedByTheirVersionAreCachedForAYearAndRevalidatedWith304(String asset) {
        ApiResponse first = APP.client().get(asset);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(first.header("Last-Modified")).endsWith(" GMT");
        assertNotModified(asset, Map.of("If-None-Match", etag), etag);
        assertNotModified(asset, Map.of("If-None-Match", "W/" + etag), etag);
        assertNotModified(asset, Map.of("If-None-Match", "\"other\", " + etag), etag);
        assertNotModified(asset, Map.of("If-Modified-Since", first.header("Last-Modified")), etag);
        ApiResponse changed = APP.client().raw("GET", asset, null, Map.of("If-None-Match", "\"other\""));
        assertThat(changed.status()).as("another version is sent in full").isEqualTo(200);
        assertThat(changed.body()).isEqualTo(first.body());
        ApiResponse older =
                APP.client().raw("GET", asset, null, Map.of("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"));
        assertThat(older.status()).isEqualTo(200);
        ApiResponse invalidDate = APP.client().raw("GET", asset, null, Map.of("If-Modified-Since", "yesterday"));
        assertThat(invalidDate.status()).as("an invalid date is ignored").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs", "/redoc", "/openapi.json"})
    void pagesAndTheDocumentAreRevalidatedOnEachLoad(String page) {
        ApiResponse first = APP.client().get(page);

        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertNotModified(page, Map.of("If-None-Match", etag), etag);
        assertNotModified(page, Map.of("If-None-Match", "*"), etag);
        assertThat(APP.client().get(page).header("ETag"))
                .as("the same bytes, the same tag")
                .isEqualTo(etag);
    }

    private static void assertNotModified(String path, Map<String, String> headers, String etag) {
        ApiResponse response = APP.client().raw("GET", path, null, headers);

        assertThat(response.status()).as("%s with %s", path, headers).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("ETag")).isEqualTo(etag);
        assertThat(response.header("Cache-Control")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/docs/index.html",
                "/docs/swagger-initializer.js",
                "/docs/swagger-ui.js",
                "/redoc/LICENSE",
                "/redoc/README.md",
                "/docs/redoc/redoc.standalone.js",
                "/redoc/%2e%2e/openapi.json",
                "/docs/..%2F..%2Fopenapi.json",
                "/docs/%2e%2e%2f%2e%2e%2fMETA-INF%2fMANIFEST.MF",
                "/META-INF/resources/webjars/swagger-ui/5.34.1/swagger-ui.css",
                "/openapi.json/x",
                "/docs/docs",
                "/docs/swagger-ui-bundle.js",
                "/docs/swagger-ui/0.0.1/swagger-ui-bundle.js",
                "/redoc/redoc.standalone.js",
                "/redoc/2.5.1/redoc.lib.js",
                "/redoc/2.5.1/redoc.standalone.js.map"
            })
    void servesNoOtherFile(String path) {
        ApiResponse response = APP.client().get(path);

        assertThat(response.status()).as(path).isEqualTo(404);
        assertThat(response.body()).isEqualTo("""
                {"detail":"Not Found"}""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/openapi.json", "/docs", "/redoc", SWAGGER_UI + "swagger-ui.css", REDOC_JS})
    void answersOtherMethodsWith405(String path) {
        for (String method : List.of("POST", "PATCH", "PUT", "DELETE")) {
            ApiResponse response = APP.client().raw(method, path, null, Map.of());

            assertThat(response.status()).as(method + " " + path).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("GET");
            assertThat(response.body()).isEqualTo("""
                    {"detail":"Method Not Allowed"}""");
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> urlsIn(String html) {
        List<String> urls = new ArrayList<>();
        Matcher matcher = URL_IN_PAGE.matcher(html);
        while (matcher.find()) {
            urls.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return urls;
    }

    private static String contentTypeOf(String url) {
        if (url.endsWith(".json")) {
            return "application/json";
        }
        if (url.endsWith(".js")) {
            return "application/javascript; charset=utf-8";
        }
        if (url.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (url.endsWith(".png")) {
            return "image/png";
        }
        throw new AssertionError("a page loads a file of unexpected kind: " + url);
    }
}
