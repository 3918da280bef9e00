package dev.heroes.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * What every API response carries, errors too: {@code X-Content-Type-Options: nosniff}, so that no
 * browser reads a JSON body as a page or a script, and {@code Cache-Control: no-store}, so that no
 * shared cache keeps one caller's data for another (the docs' files set their own caching over it).
 * The answers Helidon gives before routing get them from {@link TransportErrors}.
 */
public final class StandingHeaders implements Filter {

    static final Header NO_SNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(NO_SNIFF);
        res.header(NO_STORE);
        chain.proceed();
    }

    static void addTo(ServerResponseHeaders headers) {
        headers.set(NO_SNIFF);
        headers.set(NO_STORE);
    }
}
