package dev.heroes.observe;

import io.helidon.http.Method;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code http_server_requests_seconds}: a latency histogram of the API's requests by route template
 * (never the raw path, whose ids would make a series per hero), method and status class. Each
 * series' timer is made once and kept, so counting a request looks up a few arrays and allocates
 * nothing.
 */
final class HttpMetrics {

    static final String NAME = "http.server.requests";

    /** What a request that matched no route is counted under. */
    static final String UNMATCHED = "unmatched";

    /** Bucket bounds: from a cached read to the longest a request may wait for a connection and more. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    /** The methods the API answers; a client's other tokens share one series, so they cannot add more. */
    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "other"};

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Route> byPattern = new ConcurrentHashMap<>();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A route's label and its series, made as requests come. */
    private record Route(String label, AtomicReferenceArray<Timer> timers) {
    }

    /**
     * Counts a request.
     *
     * @param pattern the route's template as Helidon matched it ({@code /heroes/{hero_id}/}), or
     *                empty when no route matched
     * @return the route's label, as the access log writes it
     */
    String record(String pattern, Method method, int status, long nanos) {
        Route route = byPattern.get(pattern);
        if (route == null) {
            route = byPattern.computeIfAbsent(pattern, p -> new Route(route(p),
                    new AtomicReferenceArray<>(METHODS.length * STATUS_CLASSES.length)));
        }
        int m = methodIndex(method);
        int s = Math.clamp(status / 100 - 1, 0, STATUS_CLASSES.length - 1);
        int series = m * STATUS_CLASSES.length + s;
        Timer timer = route.timers().get(series);
        if (timer == null) {
            timer = timer(route.label(), m, s);
            route.timers().set(series, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
        return route.label();
    }

    private Timer timer(String route, int method, int statusClass) {
        // The registry hands out one timer per name and tags, so a race here makes no second series.
        return Timer.builder(NAME)
                .description("Requests to the API, by route template, method and status class")
                .tag("route", route)
                .tag("method", METHODS[method])
                .tag("status", STATUS_CLASSES[statusClass])
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** The template without the trailing slash that every route also answers with. */
    static String route(String pattern) {
        if (pattern.isEmpty() || pattern.equals("*") || pattern.equals("/*")) {
            return UNMATCHED;
        }
        return pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    private static int methodIndex(Method method) {
        return switch (method.text()) {
            case "GET" -> 0;
            case "POST" -> 1;
            case "PATCH" -> 2;
            case "DELETE" -> 3;
            case "PUT" -> 4;
            case "HEAD" -> 5;
            case "OPTIONS" -> 6;
            default -> METHODS.length - 1;
        };
    }
}
