package dev.heroes.api;

import dev.heroes.model.VersionPrecondition;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * A GET's {@code If-None-Match} (RFC 9110, 13.1.2): whether the client already holds the row at
 * this version, so that the answer is a {@code 304 Not Modified} without a body. Comparison is
 * weak, as the RFC asks for this header: {@code W/"3"} matches version 3 as {@code "3"} does; a
 * list matches when any of its tags does, and {@code *} matches any row that exists.
 */
public final class IfNoneMatch {

    private IfNoneMatch() {}

    /** Whether {@code request} names {@code version} (or any version) in its If-None-Match. */
    public static boolean holds(ServerRequest request, long version) {
        return request.headers()
                .first(HeaderNames.IF_NONE_MATCH)
                .map(header -> matches(header, version))
                .orElse(false);
    }

    static boolean matches(String header, long version) {
        VersionPrecondition held = IfMatch.versions(header, true);
        return held.matchesAny() || held.versions().contains(version);
    }
}
