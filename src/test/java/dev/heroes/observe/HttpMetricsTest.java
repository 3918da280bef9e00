package dev.heroes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Method;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aServerErrorCarriesItsStatusAsErrorType() throws IOException {
        HttpMetrics metrics = new HttpMetrics(registry, "https");
        metrics.record("/heroes/{hero_id}/", metrics.started(Method.GET), 503, 1_000_000);

        assertThat(scrape())
                .contains("http_server_request_duration_seconds_count{error_type=\"503\",http_request_method=\"GET\","
                        + "http_response_status_code=\"503\",http_route=\"/heroes/{hero_id}\",url_scheme=\"https\"} 1");
    }

    @Test
    void aMethodOutsideTheApisIsCountedAsOtherSoClientsCannotAddSeries() throws IOException {
        HttpMetrics metrics = new HttpMetrics(registry, "http");
        metrics.record("", metrics.started(Method.create("BREW")), 405, 1_000);
        metrics.record("", metrics.started(Method.create("PROPFIND")), 405, 1_000);

        assertThat(scrape())
                .contains("http_server_request_duration_seconds_count{error_type=\"\",http_request_method=\"_OTHER\","
                        + "http_response_status_code=\"405\",http_route=\"\",url_scheme=\"http\"} 2")
                .doesNotContain("BREW")
                .doesNotContain("PROPFIND");
    }

    @Test
    void activeRequestsAreCountedByMethodUntilRecorded() throws IOException {
        HttpMetrics metrics = new HttpMetrics(registry, "http");
        int post = metrics.started(Method.POST);
        metrics.started(Method.POST);

        assertThat(scrape())
                .contains("http_server_active_requests{http_request_method=\"POST\",url_scheme=\"http\"} 2");

        metrics.record("/heroes/", post, 200, 1_000);
        assertThat(scrape())
                .contains("http_server_active_requests{http_request_method=\"POST\",url_scheme=\"http\"} 1");
    }
}
