package dev.heroes.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heroes.api.AccessGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the OpenAPI document says about authentication when it is on: the schemes, as FastAPI names
 * them ({@code HTTPBearer} for a JWT in {@code Authorization}, {@code APIKeyHeader} for
 * {@code X-API-Key}), each operation's requirement with the scope it needs (OpenAPI 3.1 lets a
 * non-OAuth scheme list the roles it requires), an empty alternative where the anonymous scopes
 * cover it, and its 401 and 403 answers. Swagger UI at {@code /docs} then shows "Authorize", where a
 * token or key is entered once and sent with every "Try it out".
 *
 * @param bearer          whether JWTs are accepted
 * @param apiKey          whether API keys are accepted
 * @param anonymousScopes what a request without credentials may do
 */
public record DocumentedSecurity(boolean bearer, boolean apiKey, Set<String> anonymousScopes) {

    /** Authentication off: the document is served as written. */
    public static final DocumentedSecurity NONE = new DocumentedSecurity(false, false, Set.of());

    static final String BEARER_SCHEME = "HTTPBearer";
    static final String API_KEY_SCHEME = "APIKeyHeader";

    public DocumentedSecurity {
        anonymousScopes = Set.copyOf(anonymousScopes);
    }

    boolean isOn() {
        return bearer || apiKey;
    }

    /** The document with the security of this service, or as it is when authentication is off. */
    byte[] apply(byte[] spec) {
        if (!isOn()) {
            return spec;
        }
        JsonMapper mapper = JsonMapper.builder().build();
        try {
            ObjectNode document = (ObjectNode) mapper.readTree(spec);
            ObjectNode schemes = ((ObjectNode) document.path("components")).putObject("securitySchemes");
            if (bearer) {
                schemes.putObject(BEARER_SCHEME)
                        .put("type", "http")
                        .put("scheme", "bearer")
                        .put("bearerFormat", "JWT")
                        .put(
                                "description",
                                "A JWT from the identity provider; its scope claim grants heroes:read,"
                                        + " heroes:write, teams:read, teams:write.");
            }
            if (apiKey) {
                schemes.putObject(API_KEY_SCHEME)
                        .put("type", "apiKey")
                        .put("in", "header")
                        .put("name", "X-API-Key")
                        .put("description", "An API key from AUTH_API_KEYS_FILE, with the scopes given there.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> paths =
                            document.path("paths").fields();
                    paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> operations =
                                path.getValue().fields();
                        operations.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    AccessGuard.scopeOf(operation.getKey().toUpperCase(Locale.ROOT), path.getKey())
                            .ifPresent(scope -> document(mapper, (ObjectNode) operation.getValue(), scope));
                }
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not JSON", e);
        }
    }

    private void document(JsonMapper mapper, ObjectNode operation, String scope) {
        ArrayNode security = operation.putArray("security");
        if (bearer) {
            security.addObject().putArray(BEARER_SCHEME).add(scope);
        }
        if (apiKey) {
            security.addObject().putArray(API_KEY_SCHEME).add(scope);
        }
        if (anonymousScopes.contains(scope)) {
            security.addObject();
        }
        ObjectNode responses = (ObjectNode) operation.path("responses");
        responses.set(
                "401",
                refusal(
                        mapper,
                        "Not authenticated: no credentials, or credentials that prove nothing"
                                + " (`Could not validate credentials`); `WWW-Authenticate: Bearer`",
                        "Not authenticated"));
        responses.set(
                "403",
                refusal(
                        mapper,
                        "Not enough permissions: the caller lacks the scope `" + scope + "`",
                        "Not enough permissions"));
    }

    private static ObjectNode refusal(JsonMapper mapper, String description, String example) {
        ObjectNode response = mapper.createObjectNode().put("description", description);
        ObjectNode json = response.putObject("content").putObject("application/json");
        ObjectNode schema = json.putObject("schema");
        schema.putObject("properties").putObject("detail").put("type", "string").put("title", "Detail");
        schema.put("type", "object")
                .put("title", "HTTPError")
                .putArray("required")
                .add("detail");
        json.putObject("example").put("detail", example);
        return response;
    }
}
