package dev.heroes.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.api.HttpError;
import dev.heroes.json.JsonSettings;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A request body as FastAPI sees it before validation: absent, JSON, broken JSON, or bytes that were
 * not sent as JSON.
 */
public sealed interface RequestBody {

    /** Bodies larger than this are refused with 413 before they are parsed. */
    int MAX_BYTES = 1 << 20;

    /**
     * How much of a refused body is read and discarded before the 413 is sent. A client sends its
     * whole body before it reads the answer; closing the connection on bytes it is still sending
     * resets it, and the client sees a broken connection instead of the 413. A body up to this size
     * is read to its end (the connection then stays open), a larger one is cut off.
     */
    int DISCARDED_BYTES = 8 << 20;

    /** FastAPI's words for a body whose bytes could not be read: not UTF-8, or broken framing. */
    String UNREADABLE = "There was an error parsing the body";

    /** No bytes at all. */
    record Absent() implements RequestBody {}

    /** Parsed JSON; {@code null} when the body was the JSON literal null. */
    record Parsed(JsonNode value) implements RequestBody {}

    /** Bytes sent as JSON that do not parse. */
    record Malformed(int position, String message) implements RequestBody {}

    /** Bytes sent with a content type that is not JSON: validated as an opaque value. */
    record Other(String text) implements RequestBody {}

    /**
     * Reads the body of {@code request}.
     *
     * @throws HttpError 413 when it is larger than {@link #MAX_BYTES}; 400 when it is not UTF-8
     */
    static RequestBody read(ServerRequest request, ObjectMapper mapper) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > DISCARDED_BYTES) {
            throw tooLarge(true);
        }
        if (declared > MAX_BYTES) {
            InputStream in = request.content().inputStream();
            throw tooLarge(!discardedToItsEnd(in, declared));
        }
        byte[] bytes =
                request.content().hasEntity() ? readAtMost(request.content().inputStream()) : new byte[0];
        if (bytes.length == 0) {
            return new Absent();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(Status.BAD_REQUEST_400, UNREADABLE);
        }
        if (!isJson(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null))) {
            return new Other(text);
        }
        try {
            return new Parsed(mapper.readTree(text));
        } catch (JsonProcessingException e) {
            // Broken syntax, or a body past the parser's limits (nesting depth, number length).
            long offset = e.getLocation() == null || e.getLocation().getCharOffset() < 0
                    ? text.length()
                    : e.getLocation().getCharOffset();
            return new Malformed((int) Math.max(0, Math.min(offset, text.length())), JsonSettings.parserMessage(e));
        }
    }

    /** FastAPI parses a body as JSON when it has no content type, or application/json or *+json. */
    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /**
     * Reads at most {@link #MAX_BYTES} and one more. The stream is closed only once it is read to its
     * end: closing it earlier would read on through the rest of the body (or wait for a rest that a
     * broken framing never sends); the answer closes the connection instead.
     */
    private static byte[] readAtMost(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            // Helidon reads the framing as the body is read: a chunk size that is no hex number, a
            // body that ends before its Content-Length, a bad line end are the client's fault.
            throw unreadable();
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(!discardedToItsEnd(in, DISCARDED_BYTES - bytes.length));
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            throw unreadable();
        }
        return bytes;
    }

    /**
     * A body whose bytes could not be read as sent, FastAPI's words for it. The connection is
     * closed after the answer: what follows the broken framing cannot be read as a next request.
     */
    private static HttpError unreadable() {
        return new HttpError(Status.BAD_REQUEST_400, UNREADABLE, true);
    }

    /**
     * Reads and drops at most {@code limit} more bytes of a refused body; true when the body ended
     * within them, so the connection can carry a next request.
     */
    private static boolean discardedToItsEnd(InputStream in, long limit) {
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        try {
            while (left >= 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left + 1));
                if (read < 0) {
                    in.close();
                    return true;
                }
                left -= read;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The 413 of a body over {@link #MAX_BYTES}. */
    static HttpError tooLarge() {
        return tooLarge(true);
    }

    /**
     * The 413 of a body over {@link #MAX_BYTES}; {@code close} when its rest was not read, so that
     * the connection cannot go on.
     */
    private static HttpError tooLarge(boolean close) {
        return new HttpError(
                Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body is larger than " + MAX_BYTES + " bytes", close);
    }

    /** The JSON error context FastAPI gives: {@code {"error": message}}. */
    static Map<String, Object> errorContext(Malformed malformed) {
        return Map.of("error", malformed.message());
    }
}
