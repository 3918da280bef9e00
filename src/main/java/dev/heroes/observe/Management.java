package dev.heroes.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.health.checks.HealthChecks;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener, on a port of its own so that probes and scrapes never queue behind the
 * API's requests and the API's paths stay the contract's: Helidon's health observer at
 * {@code /observe/health} ({@code /live}, {@code /ready}), and the Prometheus scrape at
 * {@code /observe/metrics}.
 *
 * <ul>
 *   <li>Liveness does not look at the database: a database outage is no reason to restart the
 *   service. It is DOWN only when threads are deadlocked (Helidon's check).
 *   <li>Readiness is DOWN while the service drains, and while the database does not answer within a
 *   second on a connection of its own.
 * </ul>
 */
public final class Management {

    public static final String HEALTH_PATH = "/observe/health";
    public static final String METRICS_PATH = "/observe/metrics";

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** The reason a readiness body gives while the database does not answer, whatever the driver said. */
    static final String DATABASE_DOWN = "the database does not answer";

    private static final Logger LOG = LoggerFactory.getLogger(Management.class);

    private Management() {}

    /**
     * The driver's reason for readiness being DOWN, logged when it changes and once a minute while
     * it lasts: a probe every second must not write a line every second.
     */
    private static final class UnreadyReasons {
        private static final long REPEAT_NANOS = Duration.ofMinutes(1).toNanos();
        private String last;
        private long loggedAt;
        private int probes;

        synchronized void report(String reason) {
            probes++;
            long now = System.nanoTime();
            if (!reason.equals(last) || now - loggedAt >= REPEAT_NANOS) {
                LOG.warn("Not ready: {} ({} probe(s) answered DOWN since the last line)", reason, probes);
                last = reason;
                loggedAt = now;
                probes = 0;
            }
        }

        synchronized void recovered() {
            if (last != null) {
                LOG.info("Ready again: the database answers");
                last = null;
                probes = 0;
            }
        }
    }

    /**
     * Starts the listener.
     *
     * @param databaseUnavailability empty while the database answers, otherwise why it does not
     * @param compression            gzip for the scrapes of a scraper that asks for it, unless it is off
     * @throws IllegalStateException when it cannot listen there
     */
    public static WebServer start(
            String host,
            int port,
            Observability observability,
            Supplier<Optional<String>> databaseUnavailability,
            Optional<Filter> compression) {
        UnreadyReasons reasons = new UnreadyReasons();
        HealthCheck readiness = new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "database";
            }

            @Override
            public HealthCheckResponse call() {
                if (observability.drain().isDraining()) {
                    return HealthCheckResponse.builder()
                            .status(false)
                            .detail("reason", "the service is stopping")
                            .build();
                }
                Optional<String> unavailable = databaseUnavailability.get();
                if (unavailable.isEmpty()) {
                    reasons.recovered();
                    return HealthCheckResponse.builder().status(true).build();
                }
                // The driver's words (a user name, a host, "password authentication failed") are
                // for the operator's log; whoever can reach the probe learns only that it is down.
                reasons.report(unavailable.get());
                return HealthCheckResponse.builder()
                        .status(false)
                        .detail("reason", DATABASE_DOWN)
                        .build();
            }
        };
        HealthObserver health = HealthObserver.builder()
                .useSystemServices(false)
                .details(true)
                .addCheck(HealthChecks.deadlockCheck(), HealthCheckType.LIVENESS)
                .addCheck(readiness)
                .build();
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .addObserver(health)
                        .build())
                .routing(routing -> {
                    // A scraper asks for gzip: a scrape of every series shrinks to a tenth.
                    compression.ifPresent(routing::addFilter);
                    routing.get(METRICS_PATH, (req, res) -> scrape(observability, req, res));
                })
                .build()
                .start();
        if (!server.isRunning()) {
            throw new IllegalStateException("could not listen on " + host + ":" + port + " (MANAGEMENT_PORT)");
        }
        return server;
    }

    private static void scrape(Observability observability, ServerRequest req, ServerResponse res) {
        boolean openMetrics = req.headers()
                .first(HeaderNames.ACCEPT)
                .map(accept -> accept.contains("application/openmetrics-text"))
                .orElse(false);
        String contentType = openMetrics ? OPEN_METRICS_TEXT : PROMETHEUS_TEXT;
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(observability.scrape(contentType));
    }
}
