package dev.heroes.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent clients writing to the embedded SQLite file through the API: every write is
 * acknowledged with a 200 (never SQLITE_BUSY) and every acknowledged row is there afterwards.
 */
class SqliteConcurrentWritesTest {

    private static final int WRITERS = 12;
    private static final int WRITES_PER_WRITER = 40;

    @Test
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        try (TestApp app = TestApp.start(Backend.SQLITE)) {
            ApiClient api = app.client();
            long team = api.post("/teams/", Map.of("name", "Writers"))
                    .json()
                    .get("id")
                    .asLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    clients.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < WRITES_PER_WRITER; i++) {
                            ApiResponse created = api.post(
                                    "/heroes/",
                                    Map.of(
                                            "name",
                                            "w" + writer + "-" + i,
                                            "secret_name",
                                            "s",
                                            "team_id",
                                            team,
                                            "age",
                                            i));
                            if (created.status() != 200) {
                                failures.add(created.status() + " " + created.body());
                                continue;
                            }
                            long id = created.json().get("id").asLong();
                            acknowledged.add(id);
                            ApiResponse patched = api.patch("/heroes/" + id, Map.of("age", i + 1));
                            ApiResponse read = api.get("/teams/" + team);
                            if (patched.status() != 200 || read.status() != 200) {
                                failures.add(patched.status() + " " + patched.body() + " / " + read.status());
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> client : clients) {
                    client.get();
                }
            }

            assertThat(failures).isEmpty();
            assertThat(acknowledged).hasSize(WRITERS * WRITES_PER_WRITER).doesNotHaveDuplicates();
            List<Long> stored = new ArrayList<>();
            for (long offset = 0; ; offset += 100) {
                var page = api.get("/heroes/?offset=" + offset).json();
                page.forEach(hero -> {
                    stored.add(hero.get("id").asLong());
                    assertThat(hero.get("age").asLong()).isPositive();
                });
                if (page.size() < 100) {
                    break;
                }
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }
}
