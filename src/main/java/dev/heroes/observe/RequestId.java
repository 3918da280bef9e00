package dev.heroes.observe;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The id that ties a request to every log line it causes: the client's {@code X-Request-Id} when it
 * sent a short token (so that a proxy's or a caller's id carries through), a new random one
 * otherwise. It is bound to the request's virtual thread for the request's duration as a
 * {@link ScopedValue}, which ends with the request: no thread-local outlives it.
 */
public final class RequestId {

    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");

    /** A longer id, or one with other characters, is not taken: it would be a way into every log line. */
    static final int MAX_LENGTH = 64;

    static final ScopedValue<String> CURRENT = ScopedValue.newInstance();

    private static final HexFormat HEX = HexFormat.of();

    private RequestId() {}

    /** The id of the request the calling thread serves, if it serves one. */
    public static Optional<String> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** The client's id when it is usable, a new one otherwise. */
    static String of(Headers headers) {
        if (headers.contains(HEADER)) {
            String sent = headers.get(HEADER).get();
            if (isUsable(sent)) {
                return sent;
            }
        }
        return generate();
    }

    /** 1 to 64 characters of letters, digits and {@code - _ . : / + = @}: UUIDs, trace ids, base64. */
    static boolean isUsable(String sent) {
        if (sent.isEmpty() || sent.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < sent.length(); i++) {
            char c = sent.charAt(i);
            boolean usable = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '/'
                    || c == '+'
                    || c == '='
                    || c == '@';
            if (!usable) {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits as 32 hex digits, as nginx's {@code $request_id}. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
