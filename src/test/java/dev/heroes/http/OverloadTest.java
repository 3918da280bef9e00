package dev.heroes.http;

import static dev.heroes.support.Fixtures.createHero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.Backend;
import dev.heroes.support.HeldWrites;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Far more requests than connections: the excess is refused early, 503 with Retry-After, instead
 * of queueing past its timeout; every request gets an answer, and the service serves normally
 * right after. The burst meets a database whose writes are held (a lock the test takes, as a long
 * write would), so that the connections are busy whatever the speed of the machine: a fast one
 * would otherwise answer 400 requests as they come.
 */
class OverloadTest {

    private static final int CONCURRENT_REQUESTS = 400;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    @OnBothDatabases
    void excessRequestsAreRefusedEarlyAndEveryRequestIsAnswered(Backend backend) throws Exception {
        // Two connections, four requests waiting at most, for at most one second.
        PoolSettings small = new PoolSettings(2, Duration.ofSeconds(1), Duration.ofMinutes(30), 4);
        DatabaseUrl url = backend.freshUrl();
        try (Database database = backend.open(url, small, new PrometheusRegistry())) {
            try (TestServer app = TestServer.start(database)) {
                URI base = URI.create("http://127.0.0.1:" + app.port());
                ApiClient api = new ApiClient(base);
                long hot = createHero(api, "Hot", 1L, null);
                HeldWrites held = HeldWrites.on(backend, url, "hero");

                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                List<CompletableFuture<?>> requests = new ArrayList<>();
                CompletableFuture<Void> firstRefusal = new CompletableFuture<>();
                for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                    HttpRequest request = mixed(base, i, hot);
                    requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .orTimeout(ANSWER_WITHIN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                            .handle((response, failure) -> {
                                if (failure != null) {
                                    problems.add(request.method() + " " + request.uri() + ": no answer: " + failure);
                                    return null;
                                }
                                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                                        .incrementAndGet();
                                if (response.statusCode() == 503) {
                                    firstRefusal.complete(null);
                                }
                                if (response.statusCode() == 503
                                        && (!response.body().equals("""
                                                {"detail":"Service Unavailable"}""")
                                                || response.headers()
                                                        .firstValue("Retry-After")
                                                        .isEmpty())) {
                                    problems.add("503 without its JSON or Retry-After: " + response.body());
                                }
                                if (response.statusCode() != 200 && response.statusCode() != 503) {
                                    problems.add(request.method() + " " + request.uri() + ": " + response.statusCode()
                                            + " " + response.body());
                                }
                                return null;
                            }));
                }
                try {
                    // The writes wait until the excess is refused (or for as long as a request may wait).
                    firstRefusal.get(ANSWER_WITHIN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException none) {
                    // asserted below
                } finally {
                    held.release();
                }
                CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new))
                        .join();

                assertThat(problems).isEmpty();
                assertThat(statuses.keySet()).as("%s", statuses).contains(200, 503);
                assertThat(api.get("/heroes/" + hot).status()).isEqualTo(200);
            }
        }
    }

    private static HttpRequest mixed(URI base, int i, long hot) {
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(ANSWER_WITHIN);
        return switch (i % 4) {
            case 0 -> request.uri(base.resolve("/heroes/" + hot)).GET().build();
            case 1 -> request.uri(base.resolve("/heroes/?limit=100")).GET().build();
            case 2 ->
                request.uri(base.resolve("/heroes/"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"name":"n%d","secret_name":"s"}""".formatted(i)))
                        .build();
            default ->
                request.uri(base.resolve("/heroes/" + hot))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("""
                                {"age":%d}""".formatted(i)))
                        .build();
        };
    }
}
