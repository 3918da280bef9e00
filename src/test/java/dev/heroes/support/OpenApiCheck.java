package dev.heroes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.heroes.support.OpenApiSpec.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Holds every response to the OpenAPI document, as a client generated from it would rely on it.
 *
 * <ul>
 * <li>A documented (method, path): the status must be one the operation documents, the
 *     {@code Content-Type} one it documents for that status, and the body must validate against that
 *     schema (see {@link ResponseSchemaValidator}: no undocumented key either).</li>
 * <li>A documented path with another method: the router's {@code 405 {"detail": "Method Not
 *     Allowed"}}, whose {@code Allow} lists exactly the documented methods.</li>
 * <li>Any other path: the router's {@code 404 {"detail": "Not Found"}}; FastAPI documents neither
 *     answer, so neither does the document.</li>
 * <li>The documentation routes ({@code /openapi.json}, {@code /docs}, {@code /redoc} and their
 *     files), which FastAPI too leaves out of the document: a 200 is not checked here
 *     ({@code ApiDocsTest} checks it), anything else must be the router's 404 or 405.</li>
 * </ul>
 */
public final class OpenApiCheck implements Consumer<ApiResponse> {

    private static final List<String> DOCUMENTATION_ROUTES = List.of("/openapi.json", "/docs", "/redoc");
    private static final JsonNode NOT_FOUND = detail("Not Found");
    private static final JsonNode METHOD_NOT_ALLOWED = detail("Method Not Allowed");

    private static final class Bundled {
        static final OpenApiCheck INSTANCE = new OpenApiCheck(OpenApiSpec.bundled());
    }

    private final OpenApiSpec spec;
    private final ResponseSchemaValidator validator;

    public OpenApiCheck(OpenApiSpec spec) {
        this.spec = spec;
        this.validator = new ResponseSchemaValidator(spec);
    }

    /** The check against the document the service ships; it holds no state, so one serves every test. */
    public static OpenApiCheck bundled() {
        return Bundled.INSTANCE;
    }

    @Override
    public void accept(ApiResponse response) {
        List<String> problems = problems(response);
        if (!problems.isEmpty()) {
            String body = response.body().length() > 500 ? response.body().substring(0, 500) + "..." : response.body();
            throw new AssertionError("%s %s answered %d, which the OpenAPI document does not allow:%n  %s%nbody: %s"
                    .formatted(
                            response.method(),
                            response.path(),
                            response.status(),
                            String.join("\n  ", problems),
                            body));
        }
    }

    /** Every way {@code response} departs from the document; empty when it conforms. */
    public List<String> problems(ApiResponse response) {
        Optional<String> template = spec.match(response.path());
        if (template.isEmpty()) {
            if (isDocumentationRoute(response.path())) {
                return switch (response.status()) {
                    // 304: a conditional GET of a page or file the browser already has
                    case 200, 304 -> List.of();
                    case 405 -> methodNotAllowed(response, Set.of("GET"));
                    default -> notFound(response);
                };
            }
            return notFound(response);
        }
        return spec.operation(template.get(), response.method())
                .map(operation -> documented(operation, response))
                .orElseGet(() -> methodNotAllowed(response, spec.methods(template.get())));
    }

    private List<String> documented(Operation operation, ApiResponse response) {
        String status = String.valueOf(response.status());
        JsonNode documented = operation.json().path("responses").path(status);
        if (documented.isMissingNode()) {
            List<String> statuses = new ArrayList<>();
            operation.json().path("responses").fieldNames().forEachRemaining(statuses::add);
            return List.of("status %s is not documented for %s %s (it documents %s)"
                    .formatted(status, operation.method(), operation.template(), statuses));
        }
        JsonNode content = documented.path("content");
        if (content.isEmpty()) {
            return response.body().isEmpty() ? List.of() : List.of("the document promises no body, but one came");
        }
        String mediaType = mediaType(response);
        if (!content.has(mediaType)) {
            List<String> types = new ArrayList<>();
            content.fieldNames().forEachRemaining(types::add);
            return List.of("Content-Type '%s' is not documented (it documents %s)".formatted(mediaType, types));
        }
        if (response.json() == null) {
            return List.of("the body is not JSON");
        }
        JsonNode schema = content.get(mediaType).path("schema");
        return validator.validate(
                schema.isMissingNode() ? JsonNodeFactory.instance.objectNode() : schema, response.json());
    }

    private static List<String> notFound(ApiResponse response) {
        return routerAnswer(response, 404, NOT_FOUND);
    }

    private static List<String> methodNotAllowed(ApiResponse response, Set<String> allowed) {
        List<String> problems = new ArrayList<>(routerAnswer(response, 405, METHOD_NOT_ALLOWED));
        Set<String> allow = Arrays.stream(
                        Optional.ofNullable(response.header("Allow")).orElse("").split(","))
                .map(String::strip)
                .filter(method -> !method.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!allow.equals(new TreeSet<>(allowed))) {
            problems.add("Allow is %s, but the documented methods are %s".formatted(allow, new TreeSet<>(allowed)));
        }
        return problems;
    }

    private static List<String> routerAnswer(ApiResponse response, int status, JsonNode body) {
        if (response.status() != status) {
            return List.of(
                    "expected the router's %d %s, as the path or method is not documented".formatted(status, body));
        }
        if (!"application/json".equals(mediaType(response)) || !body.equals(response.json())) {
            return List.of("expected the body %s as application/json".formatted(body));
        }
        return List.of();
    }

    private static boolean isDocumentationRoute(String path) {
        return DOCUMENTATION_ROUTES.stream()
                .anyMatch(route -> path.equals(route) || path.startsWith(route + "/") || path.startsWith(route + "?"));
    }

    private static String mediaType(ApiResponse response) {
        String contentType =
                Optional.ofNullable(response.header("Content-Type")).orElse("");
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static JsonNode detail(String detail) {
        return JsonNodeFactory.instance.objectNode().put("detail", detail);
    }
}
