package dev.heroes.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OpenApiSpec;
import dev.heroes.support.OpenApiSpec.Operation;
import dev.heroes.support.TestApp;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The document and the server agree on the routes: every documented operation answers, and nothing
 * else does, but for the documentation routes, which FastAPI too leaves out of the document. Every
 * response met on the way also passes {@code OpenApiCheck}, as in every test.
 */
class RouteCoverageTest {

    /** What a client may try; DELETE last, so that the row is still there for the others. */
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "PUT", "DELETE");
    /** Near misses of the documented paths, which must all be a plain 404. */
    private static final List<String> UNKNOWN_PATHS = List.of(
            "/",
            "/hero",
            "/team",
            "/HEROES/",
            "/api/heroes/",
            "/heroes/{hero_id}/team",
            "/heroes/{hero_id}/{hero_id}",
            "/teams/{team_id}/heroes",
            "/teams/{team_id}/heroes/{hero_id}",
            "/docs/openapi.json",
            "/openapi");
    /** The document, the two pages and their files, as the service registers them. */
    private static final Set<String> DOCUMENTATION_ROUTES = new ApiDocs().routes();

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final OpenApiSpec spec = OpenApiSpec.bundled();

    @Test
    void everyDocumentedOperationAnswersWithRealIds() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiClient api = app.client();
            Map<String, String> ids = createOneOfEach(api);
            List<Operation> operations = spec.operations().stream()
                    .sorted(Comparator.comparing(operation -> operation.method().equals("DELETE")))
                    .toList();
            assertThat(operations)
                    .as("the document's operations, whatever their number")
                    .isNotEmpty();

            for (Operation operation : operations) {
                String path = concrete(operation.template(), ids);
                ApiResponse response = api.raw(operation.method(), path, minimalBody(operation), Map.of());

                assertThat(response.status())
                        .as("%s %s: %s", operation.method(), path, response.body())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void theServerAnswersExactlyTheDocumentedRoutes() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiClient api = app.client();
            Map<String, String> ids = createOneOfEach(api);
            Set<String> documented = new TreeSet<>();
            Set<String> answered = new TreeSet<>();

            for (String template : spec.templates()) {
                for (String form : bothSlashForms(template)) {
                    spec.methods(template).forEach(method -> documented.add(method + " " + form));
                    for (String method : METHODS) {
                        String body = spec.operation(template, method)
                                .map(RouteCoverageTest::minimalBody)
                                .orElse(null);
                        if (answers(api.raw(method, concrete(form, ids), body, Map.of()))) {
                            answered.add(method + " " + form);
                        }
                    }
                }
            }

            assertThat(answered).isEqualTo(documented);
        }
    }

    @Test
    void unknownPathsAnswerNothing() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiClient api = app.client();
            Map<String, String> ids = createOneOfEach(api);
            Set<String> answered = new TreeSet<>();

            for (String path : UNKNOWN_PATHS) {
                assertThat(spec.match(path)).as(path).isEmpty();
                for (String form : bothSlashForms(path)) {
                    for (String method : METHODS) {
                        ApiResponse response = api.raw(method, concrete(form, ids), "{}", Map.of());
                        if (answers(response) || response.status() != 404) {
                            answered.add(method + " " + form + " -> " + response.status());
                        }
                    }
                }
            }

            assertThat(answered).isEmpty();
        }
    }

    @Test
    void documentationRoutesAnswerOnlyGetAndAreNotInTheDocument() {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiClient api = app.client();
            for (String route : DOCUMENTATION_ROUTES) {
                assertThat(spec.match(route)).as(route).isEmpty();
                for (String form : bothSlashForms(route)) {
                    Set<String> answered = new TreeSet<>();
                    for (String method : METHODS) {
                        if (answers(api.raw(method, form, null, Map.of()))) {
                            answered.add(method);
                        }
                    }
                    assertThat(answered).as(form).containsExactly("GET");
                }
            }
        }
    }

    /** Anything but the router's "no such path" 404 and "no such method" 405. */
    private static boolean answers(ApiResponse response) {
        boolean noSuchPath = response.status() == 404
                && response.json() != null
                && "Not Found".equals(response.json().path("detail").textValue());
        return !noSuchPath && response.status() != 405;
    }

    /**
     * One row behind each path parameter, made through the API: {@code /heroes/{hero_id}} gets the id
     * of a hero created by POST on {@code /heroes/}.
     */
    private Map<String, String> createOneOfEach(ApiClient api) {
        Map<String, String> ids = new HashMap<>();
        for (String template : spec.templates()) {
            Matcher parameter = PARAMETER.matcher(template);
            if (parameter.find()) {
                String collection = template.substring(0, template.lastIndexOf('/') + 1);
                Operation create = spec.operation(collection, "POST").orElseThrow();
                ApiResponse created = api.raw("POST", collection, minimalBody(create), Map.of());
                assertThat(created.status()).as(created.body()).isEqualTo(200);
                ids.put(parameter.group(1), created.json().get("id").asText());
            }
        }
        return ids;
    }

    private static String concrete(String template, Map<String, String> ids) {
        return PARAMETER.matcher(template).replaceAll(match -> ids.get(match.group(1)));
    }

    private static List<String> bothSlashForms(String path) {
        if (path.equals("/")) {
            return List.of(path);
        }
        String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return List.of(bare, bare + "/");
    }

    /** The smallest body the operation's schema accepts: its required keys only, or null for no body. */
    private static String minimalBody(Operation operation) {
        JsonNode schema = operation.json().at("/requestBody/content/application~1json/schema");
        return schema.isMissingNode() ? null : example(schema).toString();
    }

    private static JsonNode example(JsonNode schema) {
        if (schema.has("$ref")) {
            return example(OpenApiSpec.bundled().resolve(schema.get("$ref").textValue()));
        }
        return switch (schema.path("type").asText()) {
            case "object" -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                schema.path("required")
                        .forEach(key -> object.set(
                                key.textValue(),
                                example(schema.path("properties").path(key.textValue()))));
                yield object;
            }
            case "string" -> JsonNodeFactory.instance.textNode("Probe");
            default -> throw new IllegalArgumentException("no example for the schema " + schema);
        };
    }
}
