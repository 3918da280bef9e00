package dev.heroes.api;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Who may use a route: {@link Endpoints} asks it, for every route it registers, which scope the
 * route needs, and puts the check in front of the handlers of those that need one, so that a
 * refused request is answered before its body is read or the database is asked.
 */
public interface AccessGuard {

    /** Every route open to everyone: nothing is put in front of any handler. */
    AccessGuard OPEN = new AccessGuard() {
        @Override
        public Optional<String> scopeFor(Method method, String path) {
            return Optional.empty();
        }

        @Override
        public boolean admits(ServerRequest req, ServerResponse res, String scope) {
            return true;
        }
    };

    /** The scope {@code method path} needs (a route template, e.g. {@code /heroes/{hero_id}}), if any. */
    Optional<String> scopeFor(Method method, String path);

    /**
     * The scope the API's own rule gives {@code method path} when authentication is on: reading
     * ({@code GET}, {@code HEAD}) or writing {@code /heroes...} or {@code /teams...}; none for any
     * other path (the docs). The guard and the OpenAPI document both ask it.
     */
    static Optional<String> scopeOf(String method, String path) {
        String resource;
        if (path.equals("/heroes") || path.startsWith("/heroes/")) {
            resource = "heroes";
        } else if (path.equals("/teams") || path.startsWith("/teams/")) {
            resource = "teams";
        } else {
            return Optional.empty();
        }
        boolean reads = method.equals("GET") || method.equals("HEAD");
        return Optional.of(resource + (reads ? ":read" : ":write"));
    }

    /** Whether the request may go on; when not, its refusal has been sent. */
    boolean admits(ServerRequest req, ServerResponse res, String scope);
}
