package dev.heroes.hero;

import dev.heroes.api.validation.Validation;
import io.helidon.webserver.http.ServerRequest;

/**
 * {@code GET /heroes/?name=&team_id=&min_age=&max_age=}: each one optional, each served by its
 * column's index.
 *
 * @param name exact name, as the guide's {@code WHERE name = ...}
 */
record HeroFilter(String name, Long teamId, Long minAge, Long maxAge) {

    static HeroFilter read(ServerRequest request, Validation validation) {
        return new HeroFilter(
                validation.queryString(request, "name"),
                validation.queryInteger(request, "team_id", null, Long.MIN_VALUE, Long.MAX_VALUE),
                validation.queryInteger(request, "min_age", null, Long.MIN_VALUE, Long.MAX_VALUE),
                validation.queryInteger(request, "max_age", null, Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
