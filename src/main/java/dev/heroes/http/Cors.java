package dev.heroes.http;

import dev.heroes.api.Json;
import dev.heroes.config.CorsSettings;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CORS (the Fetch standard's protocol) for browser apps on the origins of {@code CORS_ORIGINS}:
 * preflights are answered here, before authentication (a browser sends none with them) and before
 * routing; an allowed origin's requests get {@code Access-Control-Allow-Origin} and the headers a
 * client reads exposed ({@code ETag}, {@code Location}, {@code Retry-After}, {@code X-Request-Id},
 * {@code Consistency-Token}, the rate-limit fields...). Another origin's requests get no CORS headers, so its pages cannot read
 * the answers; its preflights get a 403 in the contract's JSON.
 *
 * <p>Not Helidon's CORS module: in 4.5 it refuses a preflight with an empty-bodied 403 and passes an
 * allowed one on to routing, where this API's 405 for a method no route takes would answer it, and
 * its validator cannot be called on its own. Upstream: no issue found as of 2026-12.
 */
public final class Cors implements Filter {

    static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PATCH", "DELETE");
    static final List<String> ALLOWED_HEADERS = List.of(
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            "X-Request-Id",
            "X-API-Key",
            "Consistency-Token",
            // What a browser app's OpenTelemetry instrumentation adds to its requests.
            "traceparent",
            "tracestate");
    static final List<String> EXPOSED_HEADERS = List.of(
            "ETag",
            "Link",
            "Location",
            "Retry-After",
            "X-Request-Id",
            "Idempotent-Replayed",
            "Consistency-Token",
            "RateLimit",
            "RateLimit-Policy",
            "WWW-Authenticate");

    private static final Header EXPOSE =
            HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", EXPOSED_HEADERS));
    private static final Header VARY_ORIGIN = HeaderValues.createCached(HeaderNames.VARY, "Origin");
    private static final Header ALLOW_METHODS =
            HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", ALLOWED_METHODS));
    private static final Header ALLOW_HEADERS =
            HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", ALLOWED_HEADERS));
    private static final Set<String> ALLOWED_HEADER_NAMES = Set.copyOf(
            ALLOWED_HEADERS.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Header maxAge;
    private final Json json;

    public Cors(CorsSettings settings, Json json) {
        this.origins = settings.origins();
        this.anyOrigin = settings.allowsAnyOrigin();
        this.maxAge = HeaderValues.createCached(
                HeaderNames.ACCESS_CONTROL_MAX_AGE, settings.maxAge().toSeconds());
        this.json = json;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        boolean allowed = anyOrigin || origins.contains(origin.get());
        boolean preflight = req.prologue().method().equals(Method.OPTIONS)
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (preflight) {
            preflight(req, res, origin.get(), allowed);
            return;
        }
        if (allowed) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin.get());
            res.header(EXPOSE);
            if (!anyOrigin) {
                res.header(VARY_ORIGIN);
            }
        }
        chain.proceed();
    }

    private void preflight(RoutingRequest req, RoutingResponse res, String origin, boolean allowed) {
        String method = req.headers()
                .get(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)
                .get()
                .strip();
        if (!allowed) {
            json.detail(res, Status.FORBIDDEN_403, "CORS: the origin " + printable(origin) + " is not allowed");
            return;
        }
        if (!ALLOWED_METHODS.contains(method)) {
            json.detail(res, Status.FORBIDDEN_403, "CORS: the method " + printable(method) + " is not allowed");
            return;
        }
        for (String line : req.headers()
                .find(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)
                .map(Header::allValues)
                .orElse(List.of())) {
            // Browsers send one comma-separated line: "content-type,x-request-id".
            for (String header : line.split(",")) {
                String name = header.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !ALLOWED_HEADER_NAMES.contains(name)) {
                    json.detail(res, Status.FORBIDDEN_403, "CORS: the header " + printable(name) + " is not allowed");
                    return;
                }
            }
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin);
        if (!anyOrigin) {
            res.header(VARY_ORIGIN);
        }
        res.header(ALLOW_METHODS);
        res.header(ALLOW_HEADERS);
        res.header(maxAge);
        res.status(Status.NO_CONTENT_204).send();
    }

    /** A client's text quoted in an answer: at most 100 printable ASCII characters. */
    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
