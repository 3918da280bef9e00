package dev.heroes.observe;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C Trace Context (Level 1) a request arrived in: the trace its {@code traceparent} header
 * names, continued into every log line the request causes ({@code trace.id} and {@code span.id} in
 * JSON, {@code trace_id=} and {@code span_id=} in text), so that a tracing backend that saw the
 * caller's span (a proxy's, a client's) finds this service's lines under the same trace. The span
 * is this service's own part of the trace: a new id, its parent the caller's.
 *
 * <p>A request without a valid {@code traceparent} has none, and its lines carry only their
 * {@link RequestId}: this service exports no spans, so a trace begun here would lead nowhere. An
 * invalid header is ignored, as the recommendation says, never refused.
 *
 * @param traceId 32 lowercase hex digits, as the caller sent them
 * @param spanId  16 lowercase hex digits, new for this request
 */
public record TraceContext(String traceId, String spanId) {

    static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");

    static final ScopedValue<TraceContext> CURRENT = ScopedValue.newInstance();

    private static final HexFormat HEX = HexFormat.of();

    /** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
    private static final int LENGTH = 55;

    /** The trace context of the request the calling thread serves, if it came in one. */
    public static Optional<TraceContext> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** The request's trace context, or null when it sent no valid {@code traceparent}. */
    static TraceContext of(Headers headers) {
        if (!headers.contains(TRACEPARENT)) {
            return null;
        }
        Header header = headers.get(TRACEPARENT);
        // Two traceparent fields name no one trace.
        if (header.allValues().size() != 1) {
            return null;
        }
        return parse(header.get(), HEX.toHexDigits(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)));
    }

    /**
     * {@code version "-" trace-id "-" parent-id "-" trace-flags}, lowercase hex: version
     * {@code ff} is invalid, version {@code 00} is exactly 55 characters, and a later version may
     * add fields after a {@code -}; a trace id or a parent id of zeros is invalid.
     */
    static TraceContext parse(String value, String spanId) {
        if (value.length() < LENGTH || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!isHex(version) || version.equals("ff")) {
            return null;
        }
        if (version.equals("00") ? value.length() != LENGTH : value.length() > LENGTH && value.charAt(LENGTH) != '-') {
            return null;
        }
        String traceId = value.substring(3, 35);
        String parentId = value.substring(36, 52);
        if (!isHex(traceId)
                || isZeros(traceId)
                || !isHex(parentId)
                || isZeros(parentId)
                || !isHex(value.substring(53, 55))) {
            return null;
        }
        return new TraceContext(traceId, spanId);
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeros(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
