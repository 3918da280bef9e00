package dev.heroes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The service's OpenAPI document, read as a client generated from it would: which paths and methods
 * it lists, and which path template a concrete request path falls under.
 */
public final class OpenApiSpec {

    /** The methods an OpenAPI path item may hold, upper-case. */
    static final List<String> HTTP_METHODS =
            List.of("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE");

    private static final class Bundled {
        static final OpenApiSpec INSTANCE = new OpenApiSpec(readResource("/openapi.json"));
    }

    /** One documented operation. */
    public record Operation(String method, String template, JsonNode json) {}

    private final JsonNode document;

    public OpenApiSpec(JsonNode document) {
        this.document = document;
    }

    /** The document the service ships (target/classes, version filled in), read once per JVM. */
    public static OpenApiSpec bundled() {
        return Bundled.INSTANCE;
    }

    static JsonNode readResource(String name) {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode json() {
        return document;
    }

    /** The path templates, as written (FastAPI's collections end in a slash). */
    public List<String> templates() {
        List<String> templates = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(templates::add);
        return templates;
    }

    /** The methods documented on {@code template}, upper-case. */
    public Set<String> methods(String template) {
        Set<String> methods = new LinkedHashSet<>();
        document.path("paths").path(template).fieldNames().forEachRemaining(key -> {
            String method = key.toUpperCase(Locale.ROOT);
            if (HTTP_METHODS.contains(method)) {
                methods.add(method);
            }
        });
        return methods;
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (String template : templates()) {
            for (String method : methods(template)) {
                operations.add(new Operation(method, template, operationJson(template, method)));
            }
        }
        return operations;
    }

    public Optional<Operation> operation(String template, String method) {
        JsonNode json = operationJson(template, method);
        return json.isMissingNode() ? Optional.empty() : Optional.of(new Operation(method, template, json));
    }

    private JsonNode operationJson(String template, String method) {
        return document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    }

    /**
     * The template that {@code requestPath} (query string allowed) falls under, by the contract's
     * routing: with or without a trailing slash, and a {@code {param}} matching one non-empty segment.
     */
    public Optional<String> match(String requestPath) {
        List<String> segments = segments(requestPath);
        return templates().stream()
                .filter(template -> matches(segments(template), segments))
                .findFirst();
    }

    private static boolean matches(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            boolean parameter = expected.startsWith("{") && expected.endsWith("}");
            if (parameter ? path.get(i).isEmpty() : !expected.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> segments(String path) {
        String bare = path;
        int query = bare.indexOf('?');
        if (query >= 0) {
            bare = bare.substring(0, query);
        }
        if (bare.length() > 1 && bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        // "/" has no segment; "/heroes/7" has ["heroes", "7"].
        return bare.equals("/") ? List.of() : List.of(bare.substring(1).split("/", -1));
    }

    /** The schema at {@code pointer}, a JSON Pointer into this document such as {@code #/components/schemas/HeroPublic}. */
    public JsonNode resolve(String pointer) {
        if (!pointer.startsWith("#")) {
            throw new IllegalArgumentException("only local references are supported: " + pointer);
        }
        JsonNode target = document.at(pointer.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("dangling reference: " + pointer);
        }
        return target;
    }
}
