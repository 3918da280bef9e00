package dev.heroes.observe;

import io.helidon.http.Method;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code http_server_requests_seconds}: a latency histogram of the API's requests by route template
 * (never the raw path, whose ids would make a series per hero), method and status class. Each
 * series is made once and kept, so counting a request looks up a few arrays and allocates nothing.
 * A classic histogram of the Prometheus client, not a Micrometer timer: see
 * {@code db/DatabaseMetrics} for why.
 */
final class HttpMetrics {

    static final String NAME = "http_server_requests_seconds";

    /** What a request that matched no route is counted under. */
    static final String UNMATCHED = "unmatched";

    /** Bucket bounds: from a cached read to the longest a request may wait for a connection and more. */
    private static final double[] BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** The methods the API answers; a client's other tokens share one series, so they cannot add more. */
    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "other"};

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Histogram requests;
    private final ConcurrentMap<String, Route> byPattern = new ConcurrentHashMap<>();

    HttpMetrics(PrometheusRegistry registry) {
        this.requests = Histogram.builder()
                .name(NAME)
                .help("Requests to the API, by route template, method and status class")
                .labelNames("method", "route", "status")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    /** A route's label and its series, made as requests come. */
    private record Route(String label, AtomicReferenceArray<DistributionDataPoint> series) {}

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
            route = byPattern.computeIfAbsent(
                    pattern,
                    p -> new Route(route(p), new AtomicReferenceArray<>(METHODS.length * STATUS_CLASSES.length)));
        }
        int m = methodIndex(method);
        int s = Math.clamp(status / 100 - 1, 0, STATUS_CLASSES.length - 1);
        int series = m * STATUS_CLASSES.length + s;
        DistributionDataPoint observed = route.series().get(series);
        if (observed == null) {
            // The histogram hands out one series per label values, so a race here makes no second one.
            observed = requests.labelValues(METHODS[m], route.label(), STATUS_CLASSES[s]);
            route.series().set(series, observed);
        }
        observed.observe(nanos / 1e9);
        return route.label();
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
