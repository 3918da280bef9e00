package dev.heroes.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in and out: one configured mapper, and the responses every route sends. */
public final class Json {

    private static final Header CONTENT_TYPE_JSON = HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json");

    private final ObjectMapper mapper;

    public Json() {
        this.mapper = JsonMapper.builder()
                // Python's json.loads rejects "{} {}"; so do we.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public void send(ServerResponse response, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        response.status(status);
        response.header(CONTENT_TYPE_JSON);
        response.send(bytes);
    }

    /** Sends bytes that are JSON already, with {@code status}. */
    public void sendBytes(ServerResponse response, Status status, byte[] json) {
        response.status(status);
        response.header(CONTENT_TYPE_JSON);
        response.send(json);
    }

    /** Sends a 200 with {@code body} as JSON. */
    public void ok(ServerResponse response, Object body) {
        send(response, Status.OK_200, body);
    }

    /** Sends {@code {"detail": detail}}, FastAPI's error body. */
    public void detail(ServerResponse response, Status status, Object detail) {
        send(response, status, Map.of("detail", detail));
    }
}
