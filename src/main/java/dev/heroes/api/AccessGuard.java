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

    /** Whether the request may go on; when not, its refusal has been sent. */
    boolean admits(ServerRequest req, ServerResponse res, String scope);
}
