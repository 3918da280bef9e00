package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One greedy client gets 429s; the others are served as if it were not there. */
class PerClientLimitTest {

    private static SecuritySettings limits(Map<String, String> env) {
        return AppConfig.fromEnvironment(env).security();
    }

    @Test
    void aGreedyClientCannotStarveAModestOne() throws Exception {
        SecuritySettings security =
                limits(Map.of("RATE_LIMIT", "20", "RATE_LIMIT_BURST", "10", "TRUSTED_PROXIES", "127.0.0.1"));
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database, ApiSettings.DEFAULTS, security);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.port()));
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<ApiResponse> greedy = new ConcurrentLinkedQueue<>();
            List<Future<?>> hammers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                hammers.add(threads.submit(() -> {
                    while (running.get()) {
                        greedy.add(api.raw("GET", "/heroes/", null, Map.of("X-Forwarded-For", "203.0.113.1")));
                    }
                }));
            }
            List<Integer> modest = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                modest.add(api.raw("GET", "/heroes/", null, Map.of("X-Forwarded-For", "198.51.100.7"))
                        .status());
                Thread.sleep(100);
            }
            running.set(false);
            for (Future<?> hammer : hammers) {
                hammer.get();
            }

            assertThat(modest).hasSizeGreaterThan(20).containsOnly(200);
            List<ApiResponse> refused =
                    greedy.stream().filter(r -> r.status() == 429).toList();
            long served = greedy.stream().filter(r -> r.status() == 200).count();
            assertThat(refused).isNotEmpty();
            // 10 at once, then 20 a second, for about 3 s (the window's edges give a little more)
            assertThat(served).isBetween(40L, 90L);
            ApiResponse one = refused.getFirst();
            assertThat(one.body()).isEqualTo("{\"detail\":\"Too Many Requests\"}");
            assertThat(Integer.parseInt(one.header("Retry-After"))).isBetween(1, 2);
            assertThat(one.header("RateLimit-Policy")).isEqualTo("\"per-client\";q=10;w=1");
            assertThat(one.header("RateLimit")).matches("\"per-client\";r=0;t=\\d+");
        }
    }

    @Test
    void anUntrustedClientCannotEscapeItsLimitByNamingAnotherAddress() {
        SecuritySettings security = limits(Map.of("RATE_LIMIT", "1", "RATE_LIMIT_BURST", "3"));
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database, ApiSettings.DEFAULTS, security)) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.port()));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(api.raw("GET", "/heroes/", null, Map.of("X-Forwarded-For", "198.51.100." + i))
                        .status());
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses.subList(3, 6)).contains(429);
        }
    }
}
