package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A plain HTTP client, as any client of the FastAPI app would be. Every response it receives is
 * checked: no JSON body may carry a {@code secret_name} key, anywhere; further checks (the OpenAPI
 * schemas) can be added with {@link #alsoCheck}.
 */
public final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;
    private final List<Consumer<ApiResponse>> checks = new ArrayList<>();

    public ApiClient(URI base) {
        this.base = base;
        checks.add(ApiClient::hasNoSecret);
    }

    public ApiClient alsoCheck(Consumer<ApiResponse> check) {
        checks.add(check);
        return this;
    }

    public URI base() {
        return base;
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, Map.of());
    }

    public ApiResponse post(String path, Object json) {
        return send("POST", path, json, Map.of());
    }

    public ApiResponse patch(String path, Object json) {
        return send("PATCH", path, json, Map.of());
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** A request with a raw body (null for none), sent as application/json unless headers say otherwise. */
    public ApiResponse raw(String method, String path, String body, Map<String, String> headers) {
        return rawBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A request with raw bytes as body (null for none). */
    public ApiResponse rawBytes(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ApiResponse received = new ApiResponse(
                    method, path, response.statusCode(), response.headers(), response.body(), parse(response));
            checks.forEach(check -> check.accept(received));
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with {@code json} as its body (null for none) and further headers. */
    public ApiResponse send(String method, String path, Object json, Map<String, String> headers) {
        try {
            return rawBytes(method, path, json == null ? null : MAPPER.writeValueAsBytes(json), headers);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        boolean isJson =
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        if (!isJson || response.body().isEmpty()) {
            return null;
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("response declared JSON but is not: " + response.body(), e);
        }
    }

    /** The secret goes in and never comes out; only the API's own schema may name the key. */
    private static void hasNoSecret(ApiResponse response) {
        if (response.json() == null || response.path().startsWith("/openapi.json")) {
            return;
        }
        assertThat(keysIn(response.json(), new ArrayList<>()))
                .as("keys of %s %s", response.method(), response.path())
                .doesNotContain("secret_name");
    }

    private static List<String> keysIn(JsonNode node, List<String> keys) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                keys.add(field.getKey());
                keysIn(field.getValue(), keys);
            }
        } else if (node.isArray()) {
            node.forEach(child -> keysIn(child, keys));
        }
        return keys;
    }
}
