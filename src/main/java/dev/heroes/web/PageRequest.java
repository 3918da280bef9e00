package dev.heroes.web;

import io.helidon.webserver.http.ServerRequest;

/**
 * {@code ?offset=&limit=} of every list: the guide's capped pagination, so no request can ask for a
 * whole table.
 */
public record PageRequest(long offset, int limit) {

    public static final int MAX_LIMIT = 100;

    public static PageRequest read(ServerRequest request, Validation validation) {
        long offset = validation.queryInteger(request, "offset", 0, 0, Long.MAX_VALUE);
        long limit = validation.queryInteger(request, "limit", MAX_LIMIT, 0, MAX_LIMIT);
        return new PageRequest(offset, (int) limit);
    }
}
