package dev.heroes.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The routing rules of the contract, in one place: every path answers with and without its trailing
 * slash, a known path with another method is a 405 with {@code Allow}, anything else a 404; all in
 * FastAPI's {@code {"detail": ...}} form.
 */
public final class Endpoints {

    private final HttpRouting.Builder routing;
    private final Json json;
    private final AccessGuard guard;
    private final RequestGate gate;
    private final Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();

    /** Endpoints open to everyone. */
    public Endpoints(HttpRouting.Builder routing, Json json) {
        this(routing, json, AccessGuard.OPEN, RequestGate.OPEN);
    }

    /**
     * @param guard who may use which route
     * @param gate  a check every route's requests pass after the guard's (a per-client limit)
     */
    public Endpoints(HttpRouting.Builder routing, Json json, AccessGuard guard, RequestGate gate) {
        this.routing = routing;
        this.json = json;
        this.guard = guard;
        this.gate = gate;
    }

    /**
     * Routes {@code method path} and {@code method path/} to {@code handler}, behind the guard when
     * the route needs a scope, and behind the gate.
     */
    public Endpoints route(Method method, String path, Handler handler) {
        Handler gated = gate == RequestGate.OPEN
                ? handler
                : (req, res) -> {
                    if (gate.admits(req, res)) {
                        handler.handle(req, res);
                    }
                };
        Handler guarded = guard.scopeFor(method, path)
                .<Handler>map(scope -> (req, res) -> {
                    if (guard.admits(req, res, scope)) {
                        gated.handle(req, res);
                    }
                })
                .orElse(gated);
        routing.route(method, path, guarded);
        routing.route(method, path + "/", guarded);
        methodsByPath.computeIfAbsent(path, p -> new TreeSet<>()).add(method.text());
        return this;
    }

    /**
     * Adds the answers for what no route takes: 405 with {@code Allow} for another method on a known
     * path, 404 for any other path. Call once, after every route.
     */
    public void addFallbacks() {
        methodsByPath.forEach((path, methods) -> {
            String allow = methods.stream().collect(Collectors.joining(", "));
            Handler notAllowed = (req, res) -> {
                res.header(HeaderNames.ALLOW, allow);
                json.detail(res, Status.METHOD_NOT_ALLOWED_405, "Method Not Allowed");
            };
            routing.any(path, notAllowed);
            routing.any(path + "/", notAllowed);
        });
        routing.any((req, res) -> json.detail(res, Status.NOT_FOUND_404, "Not Found"));
    }
}
