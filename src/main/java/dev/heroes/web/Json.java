package dev.heroes.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/** JSON in and out: one configured mapper, and the responses every route sends. */
public final class Json {

    private static final Header CONTENT_TYPE_JSON = HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json");

    /**
     * How deeply a request body's arrays and objects may nest: the service reads flat objects, and a
     * refused body is echoed in a 422 within three more levels, far below what Jackson will write.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    /** The most digits a number in a request body may have, as Python's int() (4,300) and less. */
    public static final int MAX_NUMBER_LENGTH = 1_000;

    /** A reference to a Jackson setting inside a parser message: ", from `X.y()`", ": enable `X` to allow". */
    private static final Pattern JACKSON_SETTING = Pattern.compile("(, from|: enable|; enable) `[^`]*`( to allow)?");

    private final ObjectMapper mapper;

    public Json() {
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_NESTING_DEPTH)
                                .maxNumberLength(MAX_NUMBER_LENGTH)
                                .build())
                        .build())
                // Python's json.loads rejects "{} {}"; so do we.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // Python's json.loads reads NaN, Infinity and -Infinity; pydantic then refuses them
                // where a number is expected (finite_number), and so do we.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The parser's own words on a body it refused, without the names of its Java settings that some
     * of its messages append (for example "..., from `StreamReadConstraints.getMaxNestingDepth()`").
     */
    static String parserMessage(JsonProcessingException e) {
        return JACKSON_SETTING.matcher(e.getOriginalMessage()).replaceAll("");
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

    /** Sends {@code {"detail": detail}}, FastAPI's error body. */
    public void detail(ServerResponse response, Status status, Object detail) {
        send(response, status, Map.of("detail", detail));
    }
}
