package dev.heroes.observe;

import dev.heroes.config.AppConfig.LogSettings;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogManager;

/**
 * What an operator sees of the service: one Prometheus registry for every meter (the API's requests,
 * the pools, the statements, the JVM), the {@link Drain} state, and the filter that gives each
 * request its id, its metrics and its access line.
 *
 * <p>Micrometer rather than Helidon's metrics API: HikariCP and the JVM bind to Micrometer
 * themselves, under the names ({@code hikaricp_*}, {@code jvm_*}, {@code process_*}) that
 * ready-made dashboards read, and Helidon's own metrics are a layer over Micrometer. The meters
 * counted on every request (the API's, the database's) use the Prometheus client beneath it
 * directly, in the same registry: its classic histograms cost a fraction of a Micrometer timer.
 */
public final class Observability implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Drain drain = new Drain();

    public Observability() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        CounterWithCallback.builder()
                .name("heroes_log_lines_dropped")
                .help("log lines dropped because standard output did not take them fast enough")
                .callback(callback -> callback.call(droppedLogLines()))
                .register(prometheus());
    }

    private static long droppedLogLines() {
        long dropped = 0;
        for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
            if (handler instanceof LogOutput output) {
                dropped += output.droppedLines();
            }
        }
        return dropped;
    }

    /** Where the JVM's meters and the service's rare events' counters are registered. */
    public MeterRegistry meters() {
        return registry;
    }

    /** Where the meters counted on every request are registered; scraped with the others. */
    public PrometheusRegistry prometheus() {
        return registry.getPrometheusRegistry();
    }

    public Drain drain() {
        return drain;
    }

    /** Marks the service as stopping: readiness goes DOWN and answers close their connections. */
    public void startDraining() {
        drain.start();
    }

    /**
     * The filter to run first on every API request.
     *
     * @param namesCallers whether requests have a {@link dev.heroes.model.Caller} to name in their
     *                     access line (authentication is on)
     * @param scheme       {@code https} when the API listener serves TLS, {@code http} otherwise
     * @param clientAddress who a request came from, for its access line
     */
    public Filter requestObserver(
            LogSettings log, boolean namesCallers, String scheme, Function<ServerRequest, String> clientAddress) {
        HttpMetrics metrics = new HttpMetrics(prometheus(), scheme);
        return new RequestObserver(metrics, new AccessLog(), log.accessLog(), namesCallers, clientAddress, drain);
    }

    /** Every meter, in the Prometheus text format (or OpenMetrics, if that is the content type asked). */
    String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
