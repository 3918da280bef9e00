package dev.heroes.observe;

import io.helidon.http.Method;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The API's requests under OpenTelemetry's HTTP semantic conventions (stable since 1.23), in their
 * Prometheus form, so that dashboards and alerts written for any OpenTelemetry-instrumented
 * server read them unchanged:
 *
 * <ul>
 *   <li>{@code http_server_request_duration_seconds} ({@code http.server.request.duration}), a
 *       histogram by {@code http_request_method}, {@code http_route} (the template, never the raw
 *       path, whose ids would make a series per hero; empty when no route matched, as the
 *       convention leaves the attribute out), {@code http_response_status_code} (the exact code:
 *       a 401, 404, 412, 422 or 429 each has its own series), {@code url_scheme} and
 *       {@code error_type} (the status code of a 5xx, empty otherwise);
 *   <li>{@code http_server_active_requests} ({@code http.server.active_requests}) by method and
 *       scheme.
 * </ul>
 *
 * <p>Methods outside the API's are counted as {@code _OTHER}, as the convention says, so a client
 * cannot add series. Each series is made once and kept, so counting a request looks up a few
 * arrays and allocates nothing. The buckets start finer than the convention's advice (1 ms and
 * 2 ms, where most of this service's answers fall). A classic histogram of the Prometheus client,
 * not a Micrometer timer: see {@code db/DatabaseMetrics} for why.
 */
final class HttpMetrics {

    static final String DURATION = "http_server_request_duration_seconds";

    static final String ACTIVE = "http_server_active_requests";

    /** What a request that matched no route is written as in the access log. */
    static final String UNMATCHED = "unmatched";

    /** Bucket bounds: from a cached read to the longest a request may wait for a connection and more. */
    private static final double[] BUCKETS = {
        0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
    };

    /** The methods the API answers; a client's other tokens share one series, so they cannot add more. */
    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "_OTHER"};

    /** Status codes are three digits (RFC 9110, section 15): 100 to 999, one slot each. */
    private static final int LOWEST_STATUS = 100;

    private static final int STATUS_SLOTS = 900;

    private final Histogram requests;
    private final String scheme;
    private final LongAdder[] active = new LongAdder[METHODS.length];
    private final ConcurrentMap<String, Route> byPattern = new ConcurrentHashMap<>();

    /** @param scheme {@code http} or {@code https}: the API listener's, the same for every request */
    HttpMetrics(PrometheusRegistry registry, String scheme) {
        this.scheme = scheme;
        this.requests = Histogram.builder()
                .name(DURATION)
                .help("Duration of HTTP server requests (OpenTelemetry http.server.request.duration)")
                .unit(Unit.SECONDS)
                .labelNames(
                        "http_request_method", "http_route", "http_response_status_code", "url_scheme", "error_type")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .withoutExemplars()
                .register(registry);
        for (int m = 0; m < METHODS.length; m++) {
            active[m] = new LongAdder();
        }
        GaugeWithCallback.builder()
                .name(ACTIVE)
                .help("Number of active HTTP server requests (OpenTelemetry http.server.active_requests)")
                .labelNames("http_request_method", "url_scheme")
                .callback(callback -> {
                    for (int m = 0; m < METHODS.length; m++) {
                        callback.call(active[m].sum(), METHODS[m], scheme);
                    }
                })
                .register(registry);
    }

    /** A route's label and its series, one array of status slots per method, made as requests come. */
    private record Route(
            String label,
            String metricLabel,
            AtomicReferenceArray<AtomicReferenceArray<DistributionDataPoint>> byMethod) {}

    /** Counts a request as active until {@link #record} counts it done; returns its method's index. */
    int started(Method method) {
        int m = methodIndex(method);
        active[m].increment();
        return m;
    }

    /**
     * Counts a request that {@link #started} counted.
     *
     * @param pattern the route's template as Helidon matched it ({@code /heroes/{hero_id}/}), or
     *                empty when no route matched
     * @param method what {@link #started} returned for it
     * @return the route's label, as the access log writes it
     */
    String record(String pattern, int method, int status, long nanos) {
        active[method].decrement();
        Route route = byPattern.get(pattern);
        if (route == null) {
            route = byPattern.computeIfAbsent(pattern, HttpMetrics::newRoute);
        }
        AtomicReferenceArray<DistributionDataPoint> byStatus = route.byMethod().get(method);
        if (byStatus == null) {
            // A lost race makes an empty array twice; the histogram's series stay one per label values.
            byStatus = new AtomicReferenceArray<>(STATUS_SLOTS);
            if (!route.byMethod().compareAndSet(method, null, byStatus)) {
                byStatus = route.byMethod().get(method);
            }
        }
        int slot = Math.clamp(status - LOWEST_STATUS, 0, STATUS_SLOTS - 1);
        DistributionDataPoint observed = byStatus.get(slot);
        if (observed == null) {
            String code = Integer.toString(slot + LOWEST_STATUS);
            observed = requests.labelValues(
                    METHODS[method], route.metricLabel(), code, scheme, slot + LOWEST_STATUS >= 500 ? code : "");
            byStatus.set(slot, observed);
        }
        observed.observe(nanos / 1e9);
        return route.label();
    }

    private static Route newRoute(String pattern) {
        String label = route(pattern);
        return new Route(label, label.equals(UNMATCHED) ? "" : label, new AtomicReferenceArray<>(METHODS.length));
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
