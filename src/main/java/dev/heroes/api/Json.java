package dev.heroes.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.json.JsonSettings;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in and out of the API: the service's mapper ({@link JsonSettings}), and the responses every route sends. */
public final class Json {

    private static final Header CONTENT_TYPE_JSON = HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json");

    private final ObjectMapper mapper = JsonSettings.newMapper();

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public void send(ServerResponse response, Status status, Object body) {
        sendBytes(response, status, bytes(body));
    }

    /** {@code value} as JSON. */
    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * Sends a 200 with {@code body} as JSON written straight into the response as it is made
     * (chunked), for a body too big to hold in memory. A failure part-way, once the status has
     * gone out, can only close the connection: the client sees a body cut short, never a complete
     * one that is wrong.
     */
    public void okStreamed(ServerResponse response, Object body) {
        response.status(Status.OK_200);
        response.header(CONTENT_TYPE_JSON);
        try (OutputStream out = response.outputStream();
                JsonGenerator generator = mapper.createGenerator(out)) {
            mapper.writeValue(generator, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code {"detail": detail}}, FastAPI's error body. */
    public void detail(ServerResponse response, Status status, Object detail) {
        send(response, status, Map.of("detail", detail));
    }
}
