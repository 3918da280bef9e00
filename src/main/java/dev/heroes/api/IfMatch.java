package dev.heroes.api;

import dev.heroes.model.VersionPrecondition;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.HashSet;
import java.util.Set;

/**
 * A request's {@code If-Match} (RFC 9110, 13.1.1) read as a {@link VersionPrecondition} on a row's
 * version, whose entity tag is {@code "<version>"}. Comparison is strong: a weak tag never matches.
 */
public final class IfMatch {

    private IfMatch() {}

    public static VersionPrecondition read(ServerRequest request) {
        return request.headers().first(HeaderNames.IF_MATCH).map(IfMatch::parse).orElse(VersionPrecondition.ANY);
    }

    static VersionPrecondition parse(String header) {
        return versions(header, false);
    }

    /**
     * The versions an entity-tag list names ({@code "3", "4"}), or any for {@code *}; a weak tag
     * ({@code W/"3"}) names its version only where {@code weak} comparison is asked for
     * ({@code If-None-Match}), and nothing where strong comparison is ({@code If-Match}).
     */
    static VersionPrecondition versions(String header, boolean weak) {
        Set<Long> versions = new HashSet<>();
        for (String tag : header.split(",")) {
            String trimmed = tag.strip();
            if (trimmed.equals("*")) {
                return VersionPrecondition.ANY;
            }
            if (weak && trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.length() > 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                try {
                    versions.add(Long.parseLong(trimmed.substring(1, trimmed.length() - 1)));
                } catch (NumberFormatException ignored) {
                    // a tag we never issued: it matches nothing
                }
            }
        }
        return new VersionPrecondition(Set.copyOf(versions));
    }

    /** The entity tag of a version. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
