package dev.heroes.hero;

import static dev.heroes.support.Fixtures.createHero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** No lost updates: of two PATCHes sent at once with the same If-Match, exactly one wins. */
class ConcurrentUpdatesTest {

    private static final int ROUNDS = 15;

    @OnBothDatabases
    void exactlyOneOfEachConflictingPairWins(Backend backend) throws Exception {
        try (TestApp app = TestApp.start(backend);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            ApiClient api = app.client();
            long hero = createHero(api, "Contested", 0L, null);
            for (int round = 1; round <= ROUNDS; round++) {
                String etag = api.get("/heroes/" + hero).header("ETag");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ApiResponse>> pair = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    long age = round * 10L + writer;
                    pair.add(clients.submit(() -> {
                        start.await();
                        return api.rawBytes(
                                "PATCH", "/heroes/" + hero, """
                                {"age":%d}""".formatted(age).getBytes(), Map.of("If-Match", etag));
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                long winnerAge = -1;
                for (Future<ApiResponse> response : pair) {
                    ApiResponse answered = response.get();
                    statuses.add(answered.status());
                    if (answered.status() == 200) {
                        winnerAge = answered.json().get("age").asLong();
                        assertThat(answered.header("ETag")).isNotEqualTo(etag);
                    }
                }

                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 412);
                assertThat(api.get("/heroes/" + hero).json().get("age").asLong())
                        .isEqualTo(winnerAge);
            }
        }
    }
}
