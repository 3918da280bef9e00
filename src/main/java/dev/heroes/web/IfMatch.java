package dev.heroes.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.HashSet;
import java.util.Set;

/**
 * A request's {@code If-Match} precondition (RFC 9110, 13.1.1) against a row's version, whose
 * entity tag is {@code "<version>"}. Comparison is strong: a weak tag never matches.
 *
 * @param versions the versions any of which may match; null when the header is absent or {@code *}
 * @param present  whether the header was sent at all
 */
public record IfMatch(boolean present, Set<Long> versions) {

    public static final IfMatch NONE = new IfMatch(false, null);

    public static IfMatch read(ServerRequest request) {
        return request.headers().first(HeaderNames.IF_MATCH).map(IfMatch::parse).orElse(NONE);
    }

    static IfMatch parse(String header) {
        Set<Long> versions = new HashSet<>();
        for (String tag : header.split(",")) {
            String trimmed = tag.strip();
            if (trimmed.equals("*")) {
                return new IfMatch(true, null);
            }
            if (trimmed.length() > 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                try {
                    versions.add(Long.parseLong(trimmed.substring(1, trimmed.length() - 1)));
                } catch (NumberFormatException ignored) {
                    // a tag we never issued: it matches nothing
                }
            }
        }
        return new IfMatch(true, Set.copyOf(versions));
    }

    /** True when any current version satisfies the precondition (no header, or {@code *}). */
    public boolean matchesAny() {
        return versions == null;
    }

    /** The entity tag of a version. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
