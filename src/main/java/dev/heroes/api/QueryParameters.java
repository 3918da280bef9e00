package dev.heroes.api;

import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A query string read as Starlette reads it, so that the guide's clients get the same answers:
 * {@code parse_qsl(query, keep_blank_values=True)} and Python's {@code unquote}. Pairs are split on
 * {@code &} only; a parameter without {@code =} has the empty value ({@code ?limit} is a limit of
 * "", an {@code int_parsing} error, not an absent limit); {@code +} is a space; a percent-escape
 * that is not two hex digits stays as it was sent ({@code %zz}, a lone {@code %}); escaped bytes
 * are UTF-8, with U+FFFD for any that are not. Of repeated parameters the last one wins.
 */
public final class QueryParameters {

    private static final QueryParameters EMPTY = new QueryParameters(Map.of());

    private final Map<String, String> lastValues;

    private QueryParameters(Map<String, String> lastValues) {
        this.lastValues = lastValues;
    }

    /** The query of {@code request}, as sent. */
    public static QueryParameters of(ServerRequest request) {
        return parse(request.query().rawValue());
    }

    /** Parses the query as sent (without the {@code ?}); null or empty is no parameters. */
    public static QueryParameters parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> values = new LinkedHashMap<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int equals = indexOf(rawQuery, '=', start, end);
                if (equals < 0) {
                    values.put(unquote(rawQuery, start, end), "");
                } else {
                    values.put(unquote(rawQuery, start, equals), unquote(rawQuery, equals + 1, end));
                }
            }
            start = end + 1;
        }
        return new QueryParameters(Collections.unmodifiableMap(values));
    }

    /** Where {@code c} is in {@code text[from, to)}, or -1: a pair is searched, never the rest of the query. */
    private static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The last value sent for {@code name}, or null when it was not sent. */
    public String last(String name) {
        return lastValues.get(name);
    }

    /** The names sent, in the order of their first appearance. */
    public Set<String> names() {
        return lastValues.keySet();
    }

    /** Python's {@code unquote(text.replace('+', ' '))} of {@code text[from, to)}. */
    static String unquote(String text, int from, int to) {
        if (!needsDecoding(text, from, to)) {
            return text.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int high;
            int low;
            if (c == '%'
                    && i + 2 < to
                    && (high = hexDigit(text.charAt(i + 1))) >= 0
                    && (low = hexDigit(text.charAt(i + 2))) >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Helidon reads the request line as ASCII: a byte beyond it, sent unescaped, is
                // already U+FFFD here, as errors='replace' would make it.
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        // Like errors='replace': bytes that are not UTF-8 become U+FFFD.
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean needsDecoding(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '+' || c >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /** An ASCII hex digit's value, or -1 (Character.digit would also take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
