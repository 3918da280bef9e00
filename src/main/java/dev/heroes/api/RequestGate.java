package dev.heroes.api;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A check {@link Endpoints} puts in front of every route's handler, after the route's
 * {@link AccessGuard} (so that it knows the caller): a refused request is answered before its body
 * is read or the database is asked.
 */
public interface RequestGate {

    /** No check: nothing is put in front of any handler. */
    RequestGate OPEN = (req, res) -> true;

    /** Whether the request may go on; when not, its refusal has been sent. */
    boolean admits(ServerRequest req, ServerResponse res);
}
